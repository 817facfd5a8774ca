import type { Account } from '@prixagent/contracts';

export type TenantAction = 'suspend' | 'reactivate' | 'cancel' | 'reissueInvite' | 'close';

/**
 * What the operator may do with a tenant in its current state, as the API's
 * transitions allow: suspend from active, reactivate from suspended or
 * cancelled, cancel from active or suspended; a closed account allows nothing.
 * A new owner invite is offered only while no owner has signed up, as the API
 * allows it; should the owner sign up while the page is open, the API's
 * refusal (owner_exists) still says so.
 */
export function tenantActions(account: Pick<Account, 'status' | 'closedAt' | 'hasOwner'>): TenantAction[] {
  if (account.closedAt) return [];
  const actions: TenantAction[] = [];
  if (account.status === 'active') actions.push('suspend');
  if (account.status === 'suspended' || account.status === 'cancelled') actions.push('reactivate');
  if (account.status !== 'cancelled') actions.push('cancel');
  if (!account.hasOwner) actions.push('reissueInvite');
  actions.push('close');
  return actions;
}

/** Closing is irreversible, so the operator types the identifier, exactly, as the API also demands. */
export function closeConfirmationMatches(typed: string, slug: string): boolean {
  return typed.trim() === slug;
}
