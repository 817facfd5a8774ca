// Issue 8: the initial JavaScript of each dashboard is at most 150 KB gzip, and
// pages other than the first load are split by route. Read from the production
// build alone: index.html's entry <script type="module"> and the chunks it
// preloads (<link rel="modulepreload">), plus anything those import statically
// (which the browser fetches before the first render whether preloaded or
// not), each gzipped as a server would send it. Dynamic import() targets are
// the lazy part and are only counted to print.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO, buildForE2e } from './support/platform.js';

const BUDGET_BYTES = 150 * 1024;

/** Page modules that must each be a chunk of their own, outside the initial set: every page but the first one loaded. */
const ROUTE_PAGES: Readonly<Record<string, readonly string[]>> = {
  client: ['integrations-page', 'team-page', 'profile-page', 'password-page', 'accept-invite-page'],
  admin: ['tenant-page', 'profile-page'],
};

const distOf = (app: string) => join(REPO, 'apps', `${app}-dashboard`, 'dist');
const gzipBytes = (file: string) => gzipSync(readFileSync(file), { level: 9 }).length;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

/** `/assets/x.js` references of the tags index.html loads JavaScript with. */
function htmlScripts(html: string): { entry: string[]; preloads: string[] } {
  const attr = (tag: string, name: string) => new RegExp(`\\s${name}="([^"]+)"`).exec(tag)?.[1];
  const entry = (html.match(/<script\b[^>]*>/gi) ?? []).filter((tag) => attr(tag, 'type') === 'module').map((tag) => attr(tag, 'src') ?? '');
  const preloads = (html.match(/<link\b[^>]*>/gi) ?? []).filter((tag) => attr(tag, 'rel') === 'modulepreload').map((tag) => attr(tag, 'href') ?? '');
  return { entry: entry.filter(Boolean), preloads: preloads.filter(Boolean) };
}

/** The chunks a chunk imports statically (`import … from "./x.js"`, `import "./x.js"`); `import("./x.js")` is lazy and left out. */
const staticImports = (code: string): string[] => [...code.matchAll(/\b(?:from|import)\s*["']\.\/([\w.-]+\.js)["']/g)].map((m) => m[1] ?? '');

interface Initial {
  /** File names in dist/assets, in load order. */
  files: string[];
  fromHtml: string[];
  gzip: number;
}

function initialJavaScript(app: string): Initial {
  const assets = join(distOf(app), 'assets');
  const { entry, preloads } = htmlScripts(readFileSync(join(distOf(app), 'index.html'), 'utf8'));
  const fromHtml = [...entry, ...preloads].map((src) => {
    if (!/^\/assets\/[\w.-]+\.js$/.test(src)) throw new Error(`${app}: index.html loads ${src}, not a file of dist/assets`);
    return src.slice('/assets/'.length);
  });
  const files: string[] = [];
  const queue = [...fromHtml];
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    if (files.includes(next)) continue;
    files.push(next);
    queue.push(...staticImports(readFileSync(join(assets, next), 'utf8')));
  }
  return { files, fromHtml, gzip: files.reduce((sum, f) => sum + gzipBytes(join(assets, f)), 0) };
}

describe.each(['client', 'admin'])('%s dashboard bundle', (app) => {
  let initial: Initial;
  let chunks: string[];

  beforeAll(() => {
    // Cached by turbo when already built; the figures are only true of a fresh build.
    buildForE2e([`@prixagent/${app}-dashboard`]);
    initial = initialJavaScript(app);
    chunks = readdirSync(join(distOf(app), 'assets')).filter((f) => f.endsWith('.js'));
    const assets = join(distOf(app), 'assets');
    const lazy = chunks.filter((f) => !initial.files.includes(f));
    console.log(
      [
        `${app} dashboard: initial JavaScript ${kb(initial.gzip)} gzip (budget ${kb(BUDGET_BYTES)}) in ${initial.files.length} file(s):`,
        ...initial.files.map((f) => `  ${f.padEnd(40)} ${kb(gzipBytes(join(assets, f))).padStart(9)}`),
        `  lazy: ${lazy.length} chunk(s), ${kb(lazy.reduce((sum, f) => sum + gzipBytes(join(assets, f)), 0))} gzip in all`,
        ...lazy.map((f) => `    ${f.padEnd(38)} ${kb(gzipBytes(join(assets, f))).padStart(9)}`),
      ].join('\n'),
    );
  }, 320_000);

  it('loads at most 150 KB of JavaScript (gzip) before the first render', () => {
    expect(initial.fromHtml.length, 'index.html names its entry script').toBeGreaterThan(0);
    // Everything the entry imports statically is preloaded: no request waterfall on the first load.
    expect(initial.files.filter((f) => !initial.fromHtml.includes(f)), 'chunks the first load imports but index.html does not preload').toEqual([]);
    expect(initial.gzip, `${initial.files.join(', ')}: ${kb(initial.gzip)}`).toBeLessThanOrEqual(BUDGET_BYTES);
  });

  it('loads every page but the first from a chunk of its own, later', () => {
    expect(chunks.length, 'JavaScript chunks beyond the initial ones').toBeGreaterThan(initial.files.length);
    for (const page of ROUTE_PAGES[app] ?? []) {
      const chunk = chunks.filter((f) => f.startsWith(`${page}-`));
      expect(chunk, `${page}: a chunk of its own (${page}-<hash>.js)`).toHaveLength(1);
      expect(initial.files, `${page} is in the initial JavaScript`).not.toContain(chunk[0]);
    }
  });
});
