import type { CreateAccountRequest } from '@prixagent/contracts';

export type Plan = CreateAccountRequest['plan'];

/** The plans a new tenant can get, in the order the form offers them. */
export const PLANS: readonly Plan[] = ['starter', 'pro', 'enterprise'];

/** The API answers `plan` as a plain string; only a plan we know has a translated name. */
export function isPlan(plan: string): plan is Plan {
  return (PLANS as readonly string[]).includes(plan);
}
