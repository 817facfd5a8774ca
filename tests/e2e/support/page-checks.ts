// What the design-system suite asks of every page, measured in the browser and
// returned as readable findings (an empty list when all is well), so a test
// can check a page in several views and report everything wrong at once.
import { AxeBuilder } from '@axe-core/playwright';
import type { Locator, Page } from 'playwright-core';

type AxeResults = Awaited<ReturnType<AxeBuilder['analyze']>>;
type AxeViolation = AxeResults['violations'][number];

/** The impacts that fail a page; moderate and minor ones are reported by axe but not failed on. */
const FAILING_IMPACTS = new Set(['serious', 'critical']);

const describeViolation = (v: AxeViolation): string =>
  `${v.id} (${v.impact ?? 'no impact'}): ${v.help}; nodes: ${v.nodes
    .slice(0, 8)
    .map((n) => `${n.target.map(String).join(' >> ')}${n.failureSummary ? ` [${n.failureSummary.replace(/\s+/g, ' ').trim().slice(0, 200)}]` : ''}`)
    .join(' | ')}${v.nodes.length > 8 ? ` | (+${v.nodes.length - 8} more)` : ''}`;

/** axe-core on the whole page (every rule it runs by default): each serious or critical violation, with its nodes. */
export async function seriousAxeViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations.filter((v) => FAILING_IMPACTS.has(v.impact ?? '')).map(describeViolation);
}

export interface SidewaysLayout {
  innerWidth: number;
  scrollWidth: number;
  /** The outermost visible elements reaching past the right edge outside any scroll box of their own. */
  offenders: string[];
  /**
   * What pushes them out, where it can be named: text that cannot wrap (a long
   * identifier or email) and scroll boxes wider than the window (a table's box
   * that its grid track let grow to the table's width).
   */
  causes: string[];
  tables: { name: string; box: string | null; boxRight: number; tableWidth: number; boxWidth: number }[];
}

/** Measures, in the page, whether anything makes the document wider than the window, and where each table scrolls. */
export function measureSideways(page: Page): Promise<SidewaysLayout> {
  return page.evaluate(() => {
    const describe = (el: Element): string => {
      const id = el.id ? `#${el.id}` : '';
      const classes = typeof el.className === 'string' && el.className ? `.${el.className.trim().split(/\s+/).slice(0, 4).join('.')}` : '';
      const text = (el.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 40);
      return `<${el.tagName.toLowerCase()}${id}${classes}>${text ? ` "${text}"` : ''}`;
    };
    const clips = (el: Element) => ['auto', 'scroll', 'hidden', 'clip'].includes(getComputedStyle(el).overflowX);
    // A box whose absolutely positioned descendants it contains (and so clips, when it clips).
    const positioned = (el: Element) => {
      const style = getComputedStyle(el);
      return style.position !== 'static' || style.transform !== 'none' || /paint|layout|strict|content/.test(style.contain);
    };
    // The nearest box that clips `node` sideways, short of the page itself. An ancestor
    // clips only the descendants it contains: an absolutely positioned one (an
    // sr-only label in a table, say) escapes every box up to its positioned ancestor.
    const scrollBox = (node: Node): Element | null => {
      const start = node instanceof Element ? node : node.parentElement;
      if (!start) return null;
      if (!(node instanceof Element) && clips(start)) return start;
      let escaping = getComputedStyle(start).position === 'absolute';
      for (let up = start.parentElement; up && up !== document.body && up !== document.documentElement; up = up.parentElement) {
        if (!escaping && clips(up)) return up;
        if (escaping && positioned(up)) {
          if (clips(up)) return up;
          escaping = getComputedStyle(up).position === 'absolute';
        }
      }
      return null;
    };
    const innerWidth = window.innerWidth;
    const offenders: string[] = [];
    for (const el of Array.from(document.body.querySelectorAll('*'))) {
      const rect = el.getBoundingClientRect();
      if (rect.width === 0 || rect.height === 0 || rect.right <= innerWidth + 0.5) continue;
      const style = getComputedStyle(el);
      if (style.visibility === 'hidden' || style.position === 'fixed') continue;
      if (scrollBox(el)) continue;
      // Only the outermost offender of a subtree: its children stick out because it does.
      const parent = el.parentElement;
      if (parent && parent.getBoundingClientRect().right > innerWidth + 0.5 && !scrollBox(parent) && parent !== document.body) continue;
      offenders.push(`${describe(el)} right edge at ${Math.round(rect.right)} px`);
    }
    const causes = new Set<string>();
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (!parent || !node.textContent?.trim() || scrollBox(node)) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      const right = range.getBoundingClientRect().right;
      if (right > innerWidth + 0.5 && getComputedStyle(parent).visibility !== 'hidden') causes.add(`text that does not wrap in ${describe(parent)}, to ${Math.round(right)} px`);
    }
    for (const el of Array.from(document.body.querySelectorAll('*'))) {
      const overflowX = getComputedStyle(el).overflowX;
      if ((overflowX === 'auto' || overflowX === 'scroll') && !scrollBox(el) && el.getBoundingClientRect().right > innerWidth + 0.5) {
        causes.add(`a scroll box as wide as its content, ${describe(el)}, to ${Math.round(el.getBoundingClientRect().right)} px`);
      }
    }
    const tables = Array.from(document.querySelectorAll('table')).map((table) => {
      const box = scrollBox(table);
      const scrolls = box !== null && ['auto', 'scroll'].includes(getComputedStyle(box).overflowX);
      return {
        name: table.querySelector('caption')?.textContent?.trim() || describe(table),
        box: scrolls && box ? describe(box) : null,
        boxRight: Math.round((box ?? table).getBoundingClientRect().right),
        tableWidth: Math.round(table.getBoundingClientRect().width),
        boxWidth: box ? box.clientWidth : 0,
      };
    });
    return { innerWidth, scrollWidth: document.documentElement.scrollWidth, offenders: offenders.slice(0, 10), causes: [...causes].slice(0, 10), tables };
  });
}

/** What is wrong with the page's width: it scrolls sideways, or a table has no scroll box of its own inside the window. */
export async function sidewaysProblems(page: Page): Promise<string[]> {
  const layout = await measureSideways(page);
  const problems: string[] = [];
  if (layout.scrollWidth > layout.innerWidth) {
    problems.push(
      `the document is ${layout.scrollWidth} px wide in a ${layout.innerWidth} px window; sticking out: ${layout.offenders.join('; ') || '(no single element found)'}; because of: ${layout.causes.join('; ') || '(no wide text or scroll box: look for a fixed width)'}`,
    );
  }
  for (const table of layout.tables) {
    if (!table.box) problems.push(`table "${table.name}" (${table.tableWidth} px) has no sideways scroll container of its own`);
    else if (table.boxRight > layout.innerWidth) problems.push(`table "${table.name}": its scroll container ${table.box} ends at ${table.boxRight} px, past the ${layout.innerWidth} px window`);
  }
  return problems;
}

/** Whether the element that has focus is inside `container`. */
export function focusIsInside(container: Locator): Promise<boolean> {
  return container.evaluate((el) => el.contains(document.activeElement));
}

/** A short description of the focused element, for messages and for counting the distinct stops a Tab cycle visits. */
export function focusedElement(page: Page): Promise<string> {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return '(body)';
    const name = el.getAttribute('aria-label') ?? (el.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 40);
    return `<${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}> "${name}"`;
  });
}
