import { describe, expect, it } from 'vitest';
import { canManageInvites, canRemoveMember, invitableRoles, roleChangeFor } from './team-rules';

const owner = { id: 'o', role: 'owner' } as const;
const admin = { id: 'a', role: 'admin' } as const;
const otherAdmin = { id: 'a2', role: 'admin' } as const;
const member = { id: 'm', role: 'member' } as const;
const otherMember = { id: 'm2', role: 'member' } as const;

describe('team rules', () => {
  it('lets owners invite both roles, admins only members, members nobody', () => {
    expect(invitableRoles('owner')).toEqual(['member', 'admin']);
    expect(invitableRoles('admin')).toEqual(['member']);
    expect(invitableRoles('member')).toEqual([]);
    expect([canManageInvites('owner'), canManageInvites('admin'), canManageInvites('member')]).toEqual([true, true, false]);
  });

  it('never offers to remove oneself or the owner', () => {
    for (const actor of [owner, admin, member]) {
      expect(canRemoveMember(actor, actor)).toBe(false);
      expect(canRemoveMember(actor, owner)).toBe(false);
    }
  });

  it('lets the owner remove anyone else, an admin only members, a member nobody', () => {
    expect([canRemoveMember(owner, admin), canRemoveMember(owner, member)]).toEqual([true, true]);
    expect([canRemoveMember(admin, member), canRemoveMember(admin, otherAdmin)]).toEqual([true, false]);
    expect([canRemoveMember(member, otherMember), canRemoveMember(member, admin)]).toEqual([false, false]);
  });

  it('lets only the owner switch roles, to the other one', () => {
    expect(roleChangeFor(owner, member)).toBe('admin');
    expect(roleChangeFor(owner, admin)).toBe('member');
    expect(roleChangeFor(owner, owner)).toBeNull();
    expect(roleChangeFor(admin, member)).toBeNull();
    expect(roleChangeFor(admin, otherAdmin)).toBeNull();
    expect(roleChangeFor(member, otherMember)).toBeNull();
  });
});
