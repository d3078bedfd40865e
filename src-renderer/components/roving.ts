// A roving tab stop for a group of buttons (date presets, tabs, toolbars): the group is one Tab stop
// (the current item has tabIndex 0, the others -1) and the arrow keys, Home and End move within it.
// Radio groups and tab lists also select the item focus lands on, as their ARIA patterns say.
import type { KeyboardEvent } from 'react';

const ITEMS = '[data-roving]:not([disabled])';

/** tabIndex for an item of a roving group: only the current one (or the first, if none is) is a Tab stop. */
export function rovingTabIndex(isCurrent: boolean, index: number, anyCurrent: boolean): 0 | -1 {
  return isCurrent || (!anyCurrent && index === 0) ? 0 : -1;
}

/** onKeyDown for the group's container. `select`: also activate (click) the item that receives focus. */
export function onRovingKeyDown(e: KeyboardEvent<HTMLElement>, options: { select?: boolean } = {}) {
  const items = [...e.currentTarget.querySelectorAll<HTMLElement>(ITEMS)];
  const at = items.indexOf(document.activeElement as HTMLElement);
  if (at < 0 || items.length === 0) return;
  let next: number;
  if (e.key === 'ArrowRight' || e.key === 'ArrowDown') next = (at + 1) % items.length;
  else if (e.key === 'ArrowLeft' || e.key === 'ArrowUp') next = (at - 1 + items.length) % items.length;
  else if (e.key === 'Home') next = 0;
  else if (e.key === 'End') next = items.length - 1;
  else return;
  e.preventDefault();
  const target = items[next]!;
  for (const item of items) item.tabIndex = item === target ? 0 : -1;
  target.focus();
  if (options.select) target.click();
}
