// What a person checks on a screen, as functions a test can assert on: nothing overlaps, no text is cut
// without its full text at hand, the important element is visible without scrolling, no console error,
// and no serious accessibility problem (axe-core).
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';

/** Pairs of visible, on-screen interactive elements whose boxes overlap (neither inside the other). */
export function overlappingControls(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const selector = 'button, a[href], input:not([type="hidden"]), select, textarea, [role="textbox"], [role="status"], [role="alert"]';
    const visible = [...document.querySelectorAll<HTMLElement>(selector)].filter((el) => {
      const r = el.getBoundingClientRect();
      const style = getComputedStyle(el);
      return r.width > 0 && r.height > 0 && style.visibility !== 'hidden' && style.display !== 'none' && r.bottom > 0 && r.top < innerHeight;
    });
    const name = (el: HTMLElement): string => `${el.tagName.toLowerCase()}[${el.dataset.testid ?? el.getAttribute('aria-label') ?? el.textContent?.trim().slice(0, 30) ?? ''}]`;
    const found: string[] = [];
    for (let i = 0; i < visible.length; i++) {
      for (let j = i + 1; j < visible.length; j++) {
        const a = visible[i]!;
        const b = visible[j]!;
        if (a.contains(b) || b.contains(a)) continue;
        const ra = a.getBoundingClientRect();
        const rb = b.getBoundingClientRect();
        const w = Math.min(ra.right, rb.right) - Math.max(ra.left, rb.left);
        const h = Math.min(ra.bottom, rb.bottom) - Math.max(ra.top, rb.top);
        // A pixel or two of shared border is not an overlap a person sees.
        if (w > 2 && h > 2) found.push(`${name(a)} × ${name(b)}`);
      }
    }
    return found;
  });
}

/** Visible text cut with an ellipsis where neither it nor an ancestor carries the full text as a title. */
export function cutWithoutTitle(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = [];
    for (const el of document.querySelectorAll<HTMLElement>('body *')) {
      const style = getComputedStyle(el);
      if (style.textOverflow !== 'ellipsis' || el.scrollWidth <= el.clientWidth + 1) continue;
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.bottom < 0 || r.top > innerHeight) continue;
      if (el.closest('[title]')) continue;
      found.push(`${el.tagName.toLowerCase()}: ${el.textContent?.trim().slice(0, 60) ?? ''}`);
    }
    return found;
  });
}

/** Whether the element is entirely inside the viewport as the page opens (no scrolling). */
export async function visibleWithoutScrolling(page: Page, selector: string): Promise<boolean> {
  return page.evaluate((sel) => {
    const el = document.querySelector(sel);
    if (!el) return false;
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight && r.right <= innerWidth;
  }, selector);
}

/** axe-core's serious and critical findings on the page as it is now (WCAG 2.1 A and AA). */
export async function seriousAxeViolations(page: Page): Promise<{ id: string; impact: string; nodes: number; help: string; where: string[] }[]> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, impact: v.impact!, nodes: v.nodes.length, help: v.help, where: v.nodes.slice(0, 4).map((n) => n.target.join(' ')) }));
}

/** Collects console errors and uncaught page errors from now on. */
export function watchConsole(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
}
