import type { AccountStatus } from '@prixagent/contracts';
import type { ReactNode } from 'react';
import { Badge, type BadgeTone } from '../primitives/badge.js';

export type { BadgeTone };

/** Colour is never the only signal: the badge always carries its word. */
export function StatusBadge({ tone, children }: { tone: BadgeTone; children: ReactNode }) {
  return <Badge tone={tone}>{children}</Badge>;
}

/** How each account status looks, the same in both dashboards. */
export const accountStatusTone: Record<AccountStatus, BadgeTone> = { active: 'ok', suspended: 'warn', cancelled: 'bad' };

/** Some answers carry the status as a plain string; only a known one gets a tone and a translated word. */
export function isAccountStatus(value: string): value is AccountStatus {
  return Object.hasOwn(accountStatusTone, value);
}

/** The plans the API knows, by the key of their name in the dictionaries (`plan.<name>`). */
export const PLAN_NAMES = ['starter', 'pro', 'enterprise'] as const;
export type PlanName = (typeof PLAN_NAMES)[number];

/** The API answers `plan` as a plain string; only a plan we know has a name to translate. */
export function isPlanName(plan: string): plan is PlanName {
  return (PLAN_NAMES as readonly string[]).includes(plan);
}
