import { inspectInviteResponseSchema, type InspectInviteResponse } from '@prixagent/contracts';
import { apiCall } from '@prixagent/ui';
import { useEffect, useState } from 'react';
import { api } from '../session';

export type InviteInspection = { state: 'pending' } | { state: 'usable'; invite: InspectInviteResponse } | { state: 'failed'; error: unknown };

/**
 * What the API says about an invite before anything is asked of the person:
 * the account, email and role it is for, or why it cannot be used. Asked once
 * per token (and again on retry), outside the query cache: the page clears that
 * cache before accepting, which would otherwise ask again while accepting.
 * A null token (missing or malformed) is never sent.
 */
export function useInviteInspection(token: string | null): { inspection: InviteInspection; retry: () => void } {
  const [attempt, setAttempt] = useState(0);
  const [inspection, setInspection] = useState<InviteInspection>({ state: 'pending' });
  useEffect(() => {
    if (!token) return;
    let current = true;
    apiCall(api.POST('/api/v1/auth/invites/inspect', { body: { token } }), inspectInviteResponseSchema).then(
      (invite) => {
        if (current) setInspection({ state: 'usable', invite });
      },
      (error: unknown) => {
        if (current) setInspection({ state: 'failed', error });
      },
    );
    return () => {
      current = false;
    };
  }, [token, attempt]);
  return {
    inspection,
    retry: () => {
      setInspection({ state: 'pending' });
      setAttempt((n) => n + 1);
    },
  };
}
