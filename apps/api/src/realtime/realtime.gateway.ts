import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyAdapter } from '@nestjs/platform-fastify';
import { REALTIME_MAX_CLIENT_MESSAGE_BYTES, REALTIME_PATH, realtimeCloseCodes, type RealtimeServerMessage } from '@prixagent/contracts';
import type { Logger } from 'pino';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import { ROOT_LOGGER } from '../common/logging/logging.module.js';
import { ENV } from '../config/config.module.js';
import type { Env } from '../config/env.schema.js';
import { allowedOrigins, isAllowedOrigin, parseClientMessage, parseUpgradeUrl } from './realtime-protocol.js';
import { closeSocket, RealtimeRooms, sendPayload, type RealtimeClient } from './realtime-rooms.js';
import { RealtimeService, type Refusal } from './realtime.service.js';

/** Protocol-level ping interval; a socket that has not answered the previous ping by the next one is dropped. */
export const HEARTBEAT_INTERVAL_MS = 30_000;
// How long shutdown waits for clients to answer the 1001 close frame before cutting them off.
// Well inside main.ts's 25-second shutdown deadline.
const SHUTDOWN_GRACE_MS = 2_000;

const STATUS_TEXT: Record<number, string> = { 404: 'Not Found', 503: 'Service Unavailable' };

/**
 * The WebSocket endpoint at /ws, on the API's own HTTP server (outside the /api
 * prefix, so it never meets Fastify's routes, guards or request logging: the
 * ticket in the URL is never logged).
 *
 * Refusals happen after the handshake, as a close frame with a 44xx code:
 * a browser cannot read the HTTP status of a refused handshake (it only sees
 * 1006), but it does see the close code and reason.
 */
@Injectable()
export class RealtimeGateway implements OnApplicationBootstrap, OnModuleDestroy, BeforeApplicationShutdown {
  // No compression: it costs memory per socket and invites compression bombs; events are small.
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: REALTIME_MAX_CLIENT_MESSAGE_BYTES, perMessageDeflate: false, clientTracking: false });
  private readonly origins: ReadonlySet<string>;
  private readonly log: Logger;
  private server: Server | undefined;
  private timer: NodeJS.Timeout | undefined;
  /** The periodic re-check in progress, if any: a tick that finds one running skips its own. */
  private recheck: Promise<void> | undefined;
  private closing = false;

  constructor(
    private readonly adapterHost: HttpAdapterHost<FastifyAdapter>,
    private readonly service: RealtimeService,
    private readonly rooms: RealtimeRooms,
    @Inject(ENV) env: Env,
    @Inject(ROOT_LOGGER) logger: Logger,
  ) {
    this.origins = allowedOrigins(env.CORS_ORIGIN);
    this.log = logger.child({ module: 'realtime' });
  }

  onApplicationBootstrap(): void {
    // A Nest application context (a CLI) has no HTTP server, and no sockets to serve.
    const adapter = this.adapterHost.httpAdapter as FastifyAdapter | undefined;
    if (!adapter) return;
    this.server = adapter.getHttpServer<Server>();
    this.server.on('upgrade', this.onUpgrade);
    this.timer = setInterval(() => void this.tick(), HEARTBEAT_INTERVAL_MS);
    // Never keeps the process alive on its own.
    this.timer.unref();
  }

  onModuleDestroy(): void {
    // Stopped before the database pool closes, so no re-check runs against a closed pool.
    clearInterval(this.timer);
  }

  /**
   * Closes every socket with 1001 before Nest closes the HTTP server: the
   * server's close waits for every connection, upgraded ones included.
   */
  async beforeApplicationShutdown(): Promise<void> {
    this.closing = true;
    const sockets = [...this.rooms.all()].map((c) => c.socket);
    if (sockets.length > 0) this.log.info({ sockets: sockets.length }, 'closing realtime sockets for shutdown');
    const allClosed = Promise.all(sockets.map((s) => new Promise<void>((resolve) => (s.readyState === WebSocket.CLOSED ? resolve() : s.once('close', () => resolve())))));
    this.rooms.close(() => true, realtimeCloseCodes.goingAway, 'server_shutdown');
    let grace: NodeJS.Timeout | undefined;
    await Promise.race([allClosed, new Promise<void>((resolve) => (grace = setTimeout(resolve, SHUTDOWN_GRACE_MS)))]);
    clearTimeout(grace);
    for (const socket of sockets) if (socket.readyState !== WebSocket.CLOSED) socket.terminate();
    this.server?.off('upgrade', this.onUpgrade);
    this.wss.close();
  }

  /**
   * Protocol-level ping to every admitted socket; a socket whose pong for the
   * previous ping never came is terminated (a dead link sends no close frame).
   */
  heartbeat(): void {
    for (const client of [...this.rooms.all()]) {
      if (!client.ready || client.socket.readyState !== WebSocket.OPEN) continue;
      if (!client.alive) {
        this.log.info({ connectionId: client.id }, 'realtime socket missed a heartbeat; dropping it');
        client.socket.terminate();
        continue;
      }
      client.alive = false;
      client.socket.ping();
    }
  }

  private async tick(): Promise<void> {
    this.heartbeat();
    if (this.recheck) {
      this.log.warn('previous realtime re-check still running; skipping this one');
      return;
    }
    this.recheck = this.service.revalidate().then(
      () => undefined,
      (err: unknown) => this.log.error({ err: err instanceof Error ? err.message : String(err) }, 'realtime re-check failed'),
    );
    try {
      await this.recheck;
    } finally {
      this.recheck = undefined;
    }
  }

  // An arrow function, so the same reference can be removed from the server again.
  private readonly onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    // Node removes its own error handler from an upgraded socket; an error with no listener would crash the process.
    socket.on('error', () => socket.destroy());
    const target = parseUpgradeUrl(req.url);
    if (target?.pathname !== REALTIME_PATH) return rejectUpgrade(socket, 404);
    if (this.closing) return rejectUpgrade(socket, 503);
    this.wss.handleUpgrade(req, socket, head, (ws) => void this.admit(ws, req, target.ticket));
  };

  private async admit(ws: WebSocket, req: IncomingMessage, ticket: string | null): Promise<void> {
    const connectionId = randomUUID();
    let client: RealtimeClient | undefined;
    ws.on('error', (err) => this.log.info({ connectionId, err: err.message }, 'realtime socket error'));
    ws.once('close', (code) => {
      if (client) this.rooms.remove(client);
      this.log.debug({ connectionId, code }, 'realtime socket closed');
    });
    // Nothing the client sends is read until it is admitted.
    ws.pause();
    try {
      if (!isAllowedOrigin(this.origins, req.headers.origin)) {
        return this.refuse(ws, connectionId, { code: realtimeCloseCodes.forbidden, reason: 'origin_not_allowed' });
      }
      const identity = await this.service.redeem(ticket);
      if ('refused' in identity) return this.refuse(ws, connectionId, identity);
      if (ws.readyState !== WebSocket.OPEN) return;
      client = {
        id: connectionId,
        socket: ws,
        room: identity.room,
        accountId: identity.kind === 'user' ? identity.accountId : null,
        userId: identity.kind === 'user' ? identity.userId : null,
        ready: false,
        alive: true,
      };
      this.rooms.add(client);
      if (this.closing) return this.refuse(ws, connectionId, { code: realtimeCloseCodes.goingAway, reason: 'server_shutdown' });
      const standing = await this.service.standing(identity);
      if ('refused' in standing) return this.refuse(ws, connectionId, standing);
      // Closed meanwhile: the client left, or its account was suspended while we checked.
      if (ws.readyState !== WebSocket.OPEN) return;
      const admitted = client;
      ws.on('pong', () => {
        admitted.alive = true;
      });
      ws.on('message', (data, isBinary) => this.onMessage(admitted, data, isBinary));
      admitted.ready = true;
      send(ws, {
        type: 'welcome',
        data: {
          connectionId,
          room: admitted.room,
          accountId: admitted.accountId,
          userId: admitted.userId,
          role: standing.role,
          heartbeatSeconds: HEARTBEAT_INTERVAL_MS / 1000,
        },
      });
      this.log.info({ connectionId, room: admitted.room, userId: admitted.userId }, 'realtime socket connected');
    } catch (err) {
      this.log.error({ connectionId, err: err instanceof Error ? err.message : String(err) }, 'realtime admission failed');
      closeSocket(ws, realtimeCloseCodes.internalError, 'internal_error');
    } finally {
      // Also after a refusal: the client's answer to our close frame must be read for the close to complete.
      ws.resume();
    }
  }

  private refuse(ws: WebSocket, connectionId: string, refusal: Pick<Refusal, 'reason'> & { code: number }): void {
    this.log.info({ connectionId, code: refusal.code, reason: refusal.reason }, 'realtime socket refused');
    closeSocket(ws, refusal.code, refusal.reason);
  }

  private onMessage(client: RealtimeClient, data: RawData, isBinary: boolean): void {
    try {
      const buffer = Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
      const parsed = parseClientMessage(buffer, isBinary);
      if (!parsed.ok) return send(client.socket, parsed.error);
      switch (parsed.message.type) {
        case 'ping':
          return send(client.socket, { type: 'pong' });
      }
    } catch (err) {
      // Nothing a client sends may take the process down.
      this.log.error({ connectionId: client.id, err: err instanceof Error ? err.message : String(err) }, 'realtime message handling failed');
    }
  }
}

function send(ws: WebSocket, message: RealtimeServerMessage): void {
  sendPayload(ws, JSON.stringify(message));
}

/** Answers a plain HTTP error on a socket that asked for an upgrade, and hangs up. */
function rejectUpgrade(socket: Duplex, status: 404 | 503): void {
  const text = STATUS_TEXT[status] ?? 'Error';
  if (socket.writable) {
    socket.once('finish', () => socket.destroy());
    socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(text)}\r\n\r\n${text}`);
  } else {
    socket.destroy();
  }
}
