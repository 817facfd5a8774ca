// A stand-in for the npm package `react-style-singleton`, which Radix's modal
// parts reach through react-remove-scroll to stop the page scrolling behind a
// dialog. The original writes its CSS into a new <style> element, which the
// production Content-Security-Policy (`style-src 'self'`, no 'unsafe-inline')
// refuses, and a nonce cannot be used: nginx serves static files. Constructed
// stylesheets (`new CSSStyleSheet()` + `document.adoptedStyleSheets`) are CSSOM,
// which CSP does not govern, so the same rules apply without a violation.
// The dashboards' Vite build aliases the package to this module
// (tooling/vite/strict-csp-build.ts); the API is the package's own.
import { useEffect } from 'react';

/** Adds CSS to the document as a constructed stylesheet; returns what removes it again. */
export function adoptCss(css: string): () => void {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(css);
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  return () => {
    document.adoptedStyleSheets = document.adoptedStyleSheets.filter((adopted) => adopted !== sheet);
  };
}

export interface StyleSingleton {
  add: (style: string) => void;
  remove: () => void;
}

/** The first add() inserts the CSS, the last remove() takes it away (the original's reference count). */
export function stylesheetSingleton(): StyleSingleton {
  let counter = 0;
  let removeSheet: (() => void) | null = null;
  return {
    add(style) {
      if (counter === 0 && typeof document !== 'undefined') removeSheet = adoptCss(style);
      counter++;
    },
    remove() {
      counter--;
      if (counter === 0 && removeSheet) {
        removeSheet();
        removeSheet = null;
      }
    },
  };
}

export function styleHookSingleton(): (styles: string, isDynamic?: boolean) => void {
  const sheet = stylesheetSingleton();
  return (styles, isDynamic) => {
    useEffect(() => {
      sheet.add(styles);
      return () => sheet.remove();
      // The original's dependency list: static styles are added once, dynamic ones follow their text.
    }, [styles && isDynamic]);
  };
}

export function styleSingleton(): (props: { styles: string; dynamic?: boolean }) => null {
  const useStyle = styleHookSingleton();
  return function Sheet({ styles, dynamic }) {
    useStyle(styles, dynamic);
    return null;
  };
}
