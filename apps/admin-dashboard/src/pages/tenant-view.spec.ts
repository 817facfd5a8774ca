import { createAccountRequestSchema } from '@prixagent/contracts';
import { describe, expect, it } from 'vitest';
import { PLANS, isPlan } from './tenant-view';

describe('tenant view', () => {
  it('offers exactly the plans the create-account contract accepts', () => {
    expect([...PLANS].sort()).toEqual([...createAccountRequestSchema.shape.plan.unwrap().options].sort());
  });

  it('recognises known plans only', () => {
    expect(isPlan('pro')).toBe(true);
    expect(isPlan('legacy')).toBe(false);
  });
});
