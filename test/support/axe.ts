// axe-core (the engine behind most browser accessibility checkers) run inside a Playwright page.
// The console's Content-Security-Policy forbids inline scripts, so page.addScriptTag would be refused;
// the library's source is evaluated through the DevTools protocol instead, which CSP does not govern.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: 'minor' | 'moderate' | 'serious' | 'critical' | null;
  help: string;
  helpUrl: string;
  nodes: Array<{ target: string[]; failureSummary?: string; html: string }>;
}

/** Every violation axe finds on the page as it is now (WCAG 2.x A and AA rules plus best practices). */
export async function axeViolations(page: Page, options: { include?: string } = {}): Promise<AxeViolation[]> {
  // Colours are judged as they end up, not halfway through a fade-in or a hover transition.
  await page.evaluate(() => Promise.all(document.getAnimations().map((a) => a.finished.catch(() => undefined))));
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  return page.evaluate(async (include) => {
    const axe = (window as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: AxeViolation[] }> } }).axe;
    const r = await axe.run(include ? { include: [include] } : document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary, html: n.html.slice(0, 200) })),
    }));
  }, options.include ?? null);
}

/** The serious and critical violations, each as "rule (impact): help" followed by its nodes, for a test's failure message. */
export function describeViolations(violations: AxeViolation[]): string {
  return violations
    .map((v) => [`${v.id} (${v.impact}): ${v.help} ${v.helpUrl}`, ...v.nodes.map((n) => `  ${n.target.join(' ')}  ${n.html}\n    ${(n.failureSummary ?? '').replace(/\n/g, '\n    ')}`)].join('\n'))
    .join('\n');
}

/** The violations a user of a screen reader, of high zoom or of low vision would be blocked by. */
export async function seriousViolations(page: Page, options: { include?: string } = {}): Promise<AxeViolation[]> {
  return (await axeViolations(page, options)).filter((v) => v.impact === 'serious' || v.impact === 'critical');
}
