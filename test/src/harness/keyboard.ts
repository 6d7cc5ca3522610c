import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';

/** Whether `target` has the keyboard focus. */
export const isFocused = (target: Locator) => target.evaluate((element) => element === document.activeElement);

/** The focused element in a few words, for a failure message: tag, name, text. */
const describeFocus = (page: Page) =>
  page.evaluate(() => {
    const element = document.activeElement;
    if (!element || element === document.body) return 'body';
    const name = element.getAttribute('aria-label') ?? element.getAttribute('name') ?? element.textContent ?? '';
    return `${element.tagName.toLowerCase()} "${name.trim().replace(/\s+/g, ' ').slice(0, 40)}"`;
  });

/** Whether the focused element shows that it has focus (WCAG 2.4.7): a ring (box shadow) or a visible outline. */
const showsFocus = (page: Page) =>
  page.evaluate(() => {
    const element = document.activeElement;
    if (!element || element === document.body) return false;
    const style = getComputedStyle(element);
    const outlined = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0 && style.outlineColor !== 'rgba(0, 0, 0, 0)';
    return style.boxShadow !== 'none' || outlined;
  });

/**
 * Presses Tab (Shift+Tab with `backwards`) until `target` has focus, as someone without a mouse
 * reaches it, and checks that the focus is visible there. Fails after `max` presses, listing
 * where focus went.
 */
export async function tabTo(page: Page, target: Locator, { backwards = false, max = 60 }: { backwards?: boolean; max?: number } = {}): Promise<void> {
  await target.waitFor();
  const key = backwards ? 'Shift+Tab' : 'Tab';
  const path: string[] = [];
  while (!(await isFocused(target))) {
    if (path.length === max) throw new Error(`${max} × ${key} did not reach ${String(target)}; focus went: ${path.join(' → ')}`);
    await page.keyboard.press(key);
    path.push(await describeFocus(page));
  }
  expect(await showsFocus(page), `focus on ${path.at(-1) ?? String(target)} is visible`).toBe(true);
}

/** Waits until the page itself has moved focus to `target` (after an action, a phase change); fails saying where focus is instead. */
export async function expectFocus(target: Locator, timeout = 10_000): Promise<void> {
  await target.waitFor({ timeout });
  const until = Date.now() + timeout;
  while (!(await isFocused(target))) {
    if (Date.now() > until) throw new Error(`focus did not move to ${String(target)}; it is on ${await describeFocus(target.page())}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
