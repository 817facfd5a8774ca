import { Injectable } from '@nestjs/common';
import type { RealtimeCloseReason } from '@prixagent/contracts';
import { WebSocket } from 'ws';

// Unsent data past which a socket counts as not keeping up (see sendPayload).
const MAX_BUFFERED_BYTES = 1024 * 1024;

export interface RealtimeClient {
  readonly id: string;
  readonly socket: WebSocket;
  readonly room: string;
  readonly accountId: string | null;
  readonly userId: string | null;
  /** False while the socket is being admitted: it can be closed, but receives no events yet. */
  ready: boolean;
  /** Cleared at every server ping, set again by the pong. */
  alive: boolean;
}

export const PLATFORM_ROOM = 'platform';

export function accountRoom(accountId: string): string {
  return `account:${accountId}`;
}

/**
 * The live sockets of this process, by room. Rooms are per replica; with
 * REDIS_URL, RealtimeFanout carries events and disconnects to the others
 * (docs/SCALING.md).
 */
@Injectable()
export class RealtimeRooms {
  private readonly rooms = new Map<string, Set<RealtimeClient>>();

  add(client: RealtimeClient): void {
    let members = this.rooms.get(client.room);
    if (!members) {
      members = new Set();
      this.rooms.set(client.room, members);
    }
    members.add(client);
  }

  remove(client: RealtimeClient): void {
    const members = this.rooms.get(client.room);
    if (!members) return;
    members.delete(client);
    if (members.size === 0) this.rooms.delete(client.room);
  }

  /** Sends one serialised message to every admitted socket of the room; returns how many got it. */
  send(room: string, payload: string): number {
    let sent = 0;
    for (const client of [...(this.rooms.get(room) ?? [])]) {
      if (client.ready && sendPayload(client.socket, payload)) sent++;
    }
    return sent;
  }

  /** Closes every socket matching `match`, admitted or not; returns how many. */
  close(match: (client: RealtimeClient) => boolean, code: number, reason: RealtimeCloseReason): number {
    let closed = 0;
    // A copy: closing must not depend on how the sets change while it runs.
    for (const client of [...this.all()]) {
      if (!match(client)) continue;
      closeSocket(client.socket, code, reason);
      closed++;
    }
    return closed;
  }

  *all(): IterableIterator<RealtimeClient> {
    for (const members of this.rooms.values()) yield* members;
  }
}

/**
 * Sends to an open socket; false when it is not open or not keeping up (a
 * stalled tab, a client that sends but never reads), in which case it is cut
 * off: the memory one socket can pin on the server stays bounded.
 */
export function sendPayload(socket: WebSocket, payload: string): boolean {
  if (socket.readyState !== WebSocket.OPEN) return false;
  if (socket.bufferedAmount > MAX_BUFFERED_BYTES) {
    socket.terminate();
    return false;
  }
  socket.send(payload);
  return true;
}

/** Starts the closing handshake; a socket that is already closing is left alone. */
export function closeSocket(socket: WebSocket, code: number, reason: RealtimeCloseReason): void {
  if (socket.readyState === WebSocket.CONNECTING || socket.readyState === WebSocket.OPEN) socket.close(code, reason);
}
