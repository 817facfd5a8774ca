import type { Member, Role } from '@prixagent/contracts';

export type InvitableRole = 'admin' | 'member';
export type TeamPerson = Pick<Member, 'id' | 'role'>;

// These mirror the API's rules (UsersService) so the page offers only what the
// API would allow; the API still decides, and its refusal is shown if they drift.

/** Owners invite members and administrators, administrators invite members, members invite nobody. */
export function invitableRoles(actor: Role): InvitableRole[] {
  if (actor === 'owner') return ['member', 'admin'];
  if (actor === 'admin') return ['member'];
  return [];
}

export function canManageInvites(actor: Role): boolean {
  return actor === 'owner' || actor === 'admin';
}

/** Nobody changes themselves or the owner here; only the owner touches administrators. */
export function canRemoveMember(actor: TeamPerson, target: TeamPerson): boolean {
  if (actor.id === target.id || target.role === 'owner') return false;
  if (actor.role === 'owner') return true;
  return actor.role === 'admin' && target.role === 'member';
}

/**
 * The role a button may switch the target to, or null. Only the owner makes or
 * unmakes administrators, and members only ever hold the two roles.
 */
export function roleChangeFor(actor: TeamPerson, target: TeamPerson): InvitableRole | null {
  if (actor.role !== 'owner' || !canRemoveMember(actor, target)) return null;
  return target.role === 'admin' ? 'member' : 'admin';
}
