import type { z } from 'zod';

/**
 * A form that sets a password asks for it twice. The second copy is the form's
 * own field (`confirm`, added by the caller with `.extend`; the API never sees
 * it), checked once the contract's own rules pass.
 */
export function withPasswordConfirmation<P extends string, S extends z.ZodType<{ confirm: string } & Record<P, string>>>(schema: S, passwordField: P): S {
  return schema.refine((values) => values.confirm === values[passwordField], {
    path: ['confirm'],
    params: { uiKey: 'field.passwordMismatch' },
  });
}
