import type { AccountStatus } from '@prixagent/contracts';
import type { ReactNode } from 'react';

export type BadgeTone = 'ok' | 'warn' | 'bad' | 'muted';

/** Colour is never the only signal: the badge always carries its word. */
export function StatusBadge({ tone, children }: { tone: BadgeTone; children: ReactNode }) {
  return <span className={`px-badge px-badge--${tone}`}>{children}</span>;
}

/** How each account status looks, the same in both dashboards. */
export const accountStatusTone: Record<AccountStatus, BadgeTone> = { active: 'ok', suspended: 'warn', cancelled: 'bad' };

/** Some answers carry the status as a plain string; only a known one gets a tone and a translated word. */
export function isAccountStatus(value: string): value is AccountStatus {
  return Object.hasOwn(accountStatusTone, value);
}
