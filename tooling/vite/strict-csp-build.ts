// What the production CSP (`script-src 'self'; style-src 'self'`, no
// 'unsafe-eval', no 'unsafe-inline') needs from the dashboards' build.
//
// zod compiles object parsers with `new Function()` unless told not to, and it
// decides when each schema is created, probing with `Function('')` (a CSP
// violation even when caught). packages/ui/src/strict-csp.ts sets `jitless`
// first thing in main.tsx, but the bundler may place the contracts' schemas in
// a shared chunk that the entry chunk imports, and so evaluates, before its own
// first line runs. The build therefore makes jitless zod's starting value, in
// zod's own module, whatever the chunks.
//
// Two libraries write CSS into new <style> elements at run time, which
// `style-src 'self'` refuses (a violation in the console, and the rules never apply):
//   - react-style-singleton, reached by Radix's modal parts (Dialog, the phone
//     drawer, menus) through react-remove-scroll to stop the page scrolling;
//   - sonner, which inserts its toast styles when its module loads.
// This plugin routes both through @prixagent/ui's constructed-stylesheet helper
// (packages/ui/src/csp/style-singleton.ts), which CSP does not govern. The
// libraries keep their own behaviour; only the way the CSS reaches the page
// changes. Build only: the dev server sends no CSP.
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';

const HELPER = fileURLToPath(new URL('../../packages/ui/dist/csp/style-singleton.js', import.meta.url));

// zod 4: its global config lives on globalThis, created empty by core.js.
const ZOD_GLOBAL_CONFIG = '(_a = globalThis).__zod_globalConfig ?? (_a.__zod_globalConfig = {});';

// sonner 2.x: `function __insertCSS(code) { ... document.createElement('style') ... }` at the top of its ESM build.
const SONNER_INSERT_CSS = /function __insertCSS\(code\) \{[\s\S]*?\n\}\n/;

export function strictCspBuild(): Plugin {
  return {
    name: 'prixagent:strict-csp-build',
    apply: 'build',
    enforce: 'pre',
    resolveId(source) {
      return source === 'react-style-singleton' ? HELPER : null;
    },
    transform(code, id) {
      if (/[\\/]zod[\\/]v4[\\/]core[\\/]core\.js$/.test(id)) {
        if (!code.includes(ZOD_GLOBAL_CONFIG)) this.error('zod no longer creates its global config as expected: review tooling/vite/strict-csp-build.ts');
        return { code: code.replace(ZOD_GLOBAL_CONFIG, '(_a = globalThis).__zod_globalConfig ?? (_a.__zod_globalConfig = { jitless: true });'), map: null };
      }
      if (!/[\\/]sonner[\\/]dist[\\/]index\.mjs$/.test(id)) return null;
      if (!SONNER_INSERT_CSS.test(code)) {
        // A new sonner that injects differently must not slip through unnoticed.
        this.error('sonner no longer defines __insertCSS as expected: review tooling/vite/strict-csp-build.ts');
      }
      const replaced = code.replace(
        SONNER_INSERT_CSS,
        `import { adoptCss as __pxAdoptCss } from ${JSON.stringify(HELPER)};\nfunction __insertCSS(code) { if (code && typeof document != 'undefined') __pxAdoptCss(code) }\n`,
      );
      return { code: replaced, map: null };
    },
  };
}
