import type { ReactNode } from 'react';

export type BadgeTone = 'ok' | 'warn' | 'bad' | 'muted';

/** Colour is never the only signal: the badge always carries its word. */
export function StatusBadge({ tone, children }: { tone: BadgeTone; children: ReactNode }) {
  return <span className={`px-badge px-badge--${tone}`}>{children}</span>;
}
