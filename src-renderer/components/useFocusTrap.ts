// Keeps keyboard focus inside an open dialog or drawer and gives it back to whatever opened it.
// Dialogs can nest (the cancel/refund dialog opens from the order drawer): only the innermost one
// traps Tab and answers Escape, so one Escape closes one layer, not all of them.
import { type RefObject, useEffect, useRef } from 'react';

const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]):not([type=hidden]), select:not([disabled]), textarea:not([disabled]), summary, [tabindex]:not([tabindex="-1"])';

interface Trap {
  ref: RefObject<HTMLElement | null>;
  onEscape: RefObject<(() => void) | undefined>;
}

const stack: Trap[] = [];

function focusables(root: HTMLElement): HTMLElement[] {
  return [...root.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => el.getClientRects().length > 0 && !el.closest('[inert]'));
}

function onKeyDown(e: KeyboardEvent) {
  const top = stack.at(-1);
  const root = top?.ref.current;
  if (!top || !root || e.defaultPrevented) return;
  if (e.key === 'Escape') {
    const close = top.onEscape.current;
    if (close) {
      e.preventDefault();
      close();
    }
    return;
  }
  if (e.key !== 'Tab') return;
  const items = focusables(root);
  const active = document.activeElement;
  if (items.length === 0) {
    e.preventDefault();
    root.focus();
    return;
  }
  const first = items[0]!;
  const last = items.at(-1)!;
  if (!active || !root.contains(active)) {
    e.preventDefault();
    (e.shiftKey ? last : first).focus();
  } else if (e.shiftKey && (active === first || active === root)) {
    e.preventDefault();
    last.focus();
  } else if (!e.shiftKey && active === last) {
    e.preventDefault();
    first.focus();
  }
}

/**
 * While mounted: focus moves into `ref` (unless it is already there), Tab and Shift+Tab cycle inside it,
 * Escape calls `onEscape` (when given; pass undefined to ignore Escape, e.g. while sending). On unmount,
 * focus returns to the element that had it when the dialog opened, if focus was left in the dialog or
 * dropped to the page body (not if the user has since put it somewhere else on purpose).
 */
export function useFocusTrap(ref: RefObject<HTMLElement | null>, onEscape?: () => void) {
  const escape = useRef(onEscape);
  useEffect(() => {
    escape.current = onEscape;
  });
  useEffect(() => {
    const root = ref.current;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const trap: Trap = { ref, onEscape: escape };
    stack.push(trap);
    if (stack.length === 1) document.addEventListener('keydown', onKeyDown);
    if (root && !root.contains(document.activeElement)) root.focus();
    return () => {
      stack.splice(stack.indexOf(trap), 1);
      if (stack.length === 0) document.removeEventListener('keydown', onKeyDown);
      const active = document.activeElement;
      const dropped = !active || active === document.body || !active.isConnected || (root?.contains(active) ?? false);
      if (dropped && opener?.isConnected) opener.focus();
    };
  }, [ref]);
}
