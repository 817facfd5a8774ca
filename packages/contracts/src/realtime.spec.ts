import { describe, expect, it } from 'vitest';
import { realtimeClientMessageSchema, realtimeClientMessageTypes, realtimeEventTypeSchema, realtimeRoomSchema, realtimeServerMessageSchema } from './realtime.js';

describe('realtime messages', () => {
  it('accept exactly a ping from clients', () => {
    expect(realtimeClientMessageSchema.safeParse({ type: 'ping' }).success).toBe(true);
    expect(realtimeClientMessageSchema.safeParse({ type: 'ping', extra: 1 }).success).toBe(false);
    expect(realtimeClientMessageSchema.safeParse({ type: 'subscribe' }).success).toBe(false);
    expect(realtimeClientMessageTypes).toEqual(['ping']);
  });

  it('keep event types apart from the protocol messages', () => {
    expect(realtimeEventTypeSchema.safeParse('call.status').success).toBe(true);
    for (const reserved of ['welcome', 'pong', 'error', 'Call.status', 'call.', '.call']) {
      expect(realtimeEventTypeSchema.safeParse(reserved).success, reserved).toBe(false);
    }
  });

  it('describe every server message shape', () => {
    const welcome = {
      type: 'welcome',
      data: { connectionId: 'c', room: 'account:0196a0b2-0000-7000-8000-000000000000', accountId: 'a', userId: 'u', role: 'owner', heartbeatSeconds: 30 },
    };
    for (const message of [welcome, { type: 'pong' }, { type: 'error', data: { code: 'invalid_json', message: 'x' } }, { type: 'call.status', data: { id: '1' } }]) {
      expect(realtimeServerMessageSchema.safeParse(message).success, message.type).toBe(true);
    }
    expect(realtimeRoomSchema.safeParse('platform').success).toBe(true);
    expect(realtimeRoomSchema.safeParse('account:../x').success).toBe(false);
  });
});
