import { NotFoundException } from '@nestjs/common';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ZodValidationException } from 'nestjs-zod';
import { CredentialUnreadableError, TooManyRequestsError } from '../errors/domain-error.js';
import { toAnswer } from './all-exceptions.filter.js';

describe('toAnswer', () => {
  it('maps domain errors to their status, code and Retry-After', () => {
    const answer = toAnswer(new CredentialUnreadableError());
    expect(answer.status).toBe(409);
    expect(answer.body.error.code).toBe('credential_unreadable');
    expect(answer.body.error.message).toMatch(/cannot be decrypted/);
    expect(answer.body.error.details).toEqual([]);
    expect(toAnswer(new TooManyRequestsError('slow down', 7)).retryAfter).toBe(7);
  });

  it('names each invalid field for a zod failure', () => {
    const parsed = z.object({ email: z.email(), nested: z.object({ n: z.number() }) }).safeParse({ email: 'x', nested: {} });
    const answer = toAnswer(new ZodValidationException(parsed.error));
    expect(answer.status).toBe(400);
    expect(answer.body.error.details.map((d) => d.field)).toEqual(['email', 'nested.n']);
    expect(answer.body.error.details[1]?.message).toBe('is required');
    expect(answer.body.error.message).toMatch(/^email .* \(and 1 more\)$/);
  });

  it('keeps Fastify body errors as 4xx and everything unknown as a 500 without internals', () => {
    expect(toAnswer(Object.assign(new Error('too big'), { statusCode: 413, code: 'FST_ERR_CTP_BODY_TOO_LARGE' })).status).toBe(413);
    expect(toAnswer(new NotFoundException()).body.error.code).toBe('not_found');
    const nul = Object.assign(new Error('Invalid prisma.account.findMany() invocation'), {
      code: 'P2039',
      meta: { driverAdapterError: { cause: { originalCode: '22021', kind: 'postgres' } } },
    });
    expect(toAnswer(nul).status).toBe(400);
    expect(toAnswer(nul).body.error.code).toBe('invalid_input');
    const internal = toAnswer(new Error('connection string postgres://user:secret@db'));
    expect(internal.status).toBe(500);
    expect(JSON.stringify(internal.body)).not.toContain('secret');
  });
});
