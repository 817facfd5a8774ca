const SIGN_IN_PATH = '/sign-in';

/**
 * Where to go after signing in. Only a path on this origin: `?next=` comes from
 * the URL, and an open redirect to another site would make a fine phishing link.
 */
export function safeNext(next: string | null | undefined, fallback = '/'): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return fallback;
  if (next === SIGN_IN_PATH || next.startsWith(`${SIGN_IN_PATH}?`)) return fallback;
  return next;
}

export function signInPathFor(current: string): string {
  const next = safeNext(current, '/');
  return next === '/' ? SIGN_IN_PATH : `${SIGN_IN_PATH}?next=${encodeURIComponent(next)}`;
}
