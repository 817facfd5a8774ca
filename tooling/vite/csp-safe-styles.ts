// The production CSP allows stylesheets from the app's origin only
// (`style-src 'self'`), and two libraries the dashboards use write CSS into new
// <style> elements at run time, which that policy refuses (a violation in the
// console, and the rules never apply):
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

// sonner 2.x: `function __insertCSS(code) { ... document.createElement('style') ... }` at the top of its ESM build.
const SONNER_INSERT_CSS = /function __insertCSS\(code\) \{[\s\S]*?\n\}\n/;

export function cspSafeStyles(): Plugin {
  return {
    name: 'prixagent:csp-safe-styles',
    apply: 'build',
    enforce: 'pre',
    resolveId(source) {
      return source === 'react-style-singleton' ? HELPER : null;
    },
    transform(code, id) {
      if (!/[\\/]sonner[\\/]dist[\\/]index\.mjs$/.test(id)) return null;
      if (!SONNER_INSERT_CSS.test(code)) {
        // A new sonner that injects differently must not slip through unnoticed.
        this.error('sonner no longer defines __insertCSS as expected: review tooling/vite/csp-safe-styles.ts');
      }
      const replaced = code.replace(
        SONNER_INSERT_CSS,
        `import { adoptCss as __pxAdoptCss } from ${JSON.stringify(HELPER)};\nfunction __insertCSS(code) { if (code && typeof document != 'undefined') __pxAdoptCss(code) }\n`,
      );
      return { code: replaced, map: null };
    },
  };
}
