// What the dashboards' sources may not contain, read as text (no build, no
// browser): the "one submit flow, no hand-written stylesheet" made
// checkable. A form is only ever rendered by @prixagent/ui's ContractFormView,
// driven by useContractForm; no component calls react-hook-form's useForm or
// writes its own submit handler; the only stylesheet is the design system's
// Tailwind entry with its theme tokens; and the old hand-written classes
// (`px-*`) are gone.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from '../e2e/support/platform.js';

const SOURCE_ROOTS = ['apps/client-dashboard/src', 'apps/admin-dashboard/src', 'packages/ui/src'];

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

const sources = SOURCE_ROOTS.flatMap((root) => filesUnder(join(REPO, root))).filter((path) => !/\.spec\.tsx?$/.test(path));
const code = sources.filter((path) => /\.tsx?$/.test(path)).map((path) => ({ path: relative(REPO, path), text: readFileSync(path, 'utf8') }));
const where = (pattern: RegExp) => code.filter(({ text }) => pattern.test(text)).map(({ path }) => path);

const THE_FORM = 'packages/ui/src/forms/form-view.tsx';
const THE_HOOK = 'packages/ui/src/forms/use-contract-form.ts';

describe('the dashboards keep to the design system', () => {
  it('reads the sources it checks', () => {
    expect(code.length).toBeGreaterThan(40);
    expect(code.map(({ path }) => path)).toContain(THE_FORM);
  });

  it('render every <form> through ContractFormView, and only useContractForm calls useForm', () => {
    expect(where(/<form[\s>]/)).toEqual([THE_FORM]);
    expect(where(/\buseForm\s*[<(]/)).toEqual([THE_HOOK]);
    // A hand-rolled submit flow starts with one of these.
    expect(where(/onSubmit=\{/)).toEqual([THE_FORM]);
    expect(where(/handleSubmit\(/)).toEqual([THE_HOOK]);
  });

  it('every form of both dashboards is driven by useContractForm', () => {
    // ContractFormView takes only what useContractForm returns (its type), so these are the forms:
    // sign-in (shared); accept invite, invite member, credentials, profile and password;
    // the operator's new tenant and reissued owner invite.
    const driven = where(/\buseContractForm\(/).filter((path) => path !== THE_HOOK);
    expect(driven).toContain('packages/ui/src/components/sign-in-page.tsx');
    expect(driven.filter((path) => path.startsWith('apps/client-dashboard/')).length).toBeGreaterThanOrEqual(5);
    expect(driven.filter((path) => path.startsWith('apps/admin-dashboard/')).length).toBeGreaterThanOrEqual(1);
  });

  it('has one stylesheet: Tailwind\'s entry and the theme tokens', () => {
    const stylesheets = sources.filter((path) => /\.(css|scss|less|sass)$/.test(path)).map((path) => relative(REPO, path));
    expect(stylesheets).toEqual(['packages/ui/src/styles.css']);
    const css = readFileSync(join(REPO, 'packages/ui/src/styles.css'), 'utf8')
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .trim();
    expect(css).toMatch(/^@import 'tailwindcss';/);
    // Outside the at-rules, only custom properties (the tokens) are declared.
    const rules = [...css.matchAll(/(^|\})\s*([^@{}][^{}]*)\{([^{}]*)\}/g)].map((match) => ({ selector: (match[2] ?? '').trim(), body: match[3] ?? '' }));
    for (const { selector, body } of rules) {
      if (selector === ':root' || selector === '.dark') {
        const declarations = body.split(';').map((d) => d.trim()).filter(Boolean);
        for (const declaration of declarations) expect(declaration, `${selector}: ${declaration}`).toMatch(/^(--[\w-]+|color-scheme)\s*:/);
      } else {
        // The base layer's rules only apply utilities.
        expect(body.trim(), selector).toMatch(/^@apply [^;]+;$/);
      }
    }
  });

  it('no component uses the old hand-written classes', () => {
    expect(where(/className=["'{`][^"'`]*\bpx-[a-z]/)).toEqual([]);
  });
});
