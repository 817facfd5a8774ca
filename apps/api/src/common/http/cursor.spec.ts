import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors/domain-error.js';
import { decodeCursor, encodeCursor, toPage } from './cursor.js';

describe('keyset cursor', () => {
  const row = { createdAt: new Date('2026-11-23T05:00:00.123Z'), id: '019ab000-0000-7000-8000-000000000001' };

  it('round-trips and is opaque', () => {
    const cursor = encodeCursor(row);
    expect(cursor).not.toContain(row.id);
    expect(decodeCursor(cursor)).toEqual(row);
    expect(decodeCursor(undefined)).toBeUndefined();
  });

  it('rejects tampered cursors as a 400 on the cursor field', () => {
    for (const bad of ['garbage', Buffer.from(`${row.createdAt.toISOString()}|${'-'.repeat(36)}`).toString('base64url'), Buffer.from(`-271821-04-20T00:00:00.000Z|${row.id}`).toString('base64url'), Buffer.from('not-a-date|x').toString('base64url'), Buffer.from(`${row.createdAt.toISOString()}|${row.id}|x`).toString('base64url')]) {
      expect(() => decodeCursor(bad)).toThrow(ValidationError);
    }
  });

  it('uses the extra row only to say there is a next page', () => {
    const rows = [1, 2, 3].map((i) => ({ ...row, id: `${i}` }));
    expect(toPage(rows, 2)).toEqual({ items: rows.slice(0, 2), nextCursor: encodeCursor(rows[1] ?? row) });
    expect(toPage(rows, 3).nextCursor).toBeNull();
  });
});
