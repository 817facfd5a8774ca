import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Redis, type RedisOptions } from 'ioredis';
import type { Logger } from 'pino';
import { ROOT_LOGGER } from '../common/logging/logging.module.js';
import { ENV } from '../config/config.module.js';
import type { Env } from '../config/env.schema.js';

/** Every key and channel the platform uses starts with this, so a shared Redis stays legible. */
export const REDIS_KEY_PREFIX = 'prixagent:';

/**
 * A command with no answer after this long fails. Redis answers in well under
 * a millisecond on a private network; a hung server must not hang requests.
 */
export const REDIS_COMMAND_TIMEOUT_MS = 500;
const CONNECT_TIMEOUT_MS = 5_000;
// Reconnect attempts back off to one every 2 s and never stop: Redis coming back is picked up without a restart.
const MAX_RECONNECT_DELAY_MS = 2_000;
// Shutdown waits this long for QUIT's answer before dropping the connection.
const QUIT_TIMEOUT_MS = 1_000;

export type RedisHealth = 'ok' | 'unreachable' | 'disabled';
type RedisConnectionName = 'commands' | 'subscriber';

export function redisOptions(): RedisOptions {
  return {
    // While disconnected a command fails at once instead of waiting in a queue:
    // callers fall back (rate limits) or log and go on (fan-out), and no request waits for Redis.
    enableOfflineQueue: false,
    // Commands in flight when the connection drops fail at once too, rather than at their timeout.
    maxRetriesPerRequest: 0,
    // A rate-limit hit or an event resent after a reconnect would be late or counted twice.
    autoResendUnfulfilledCommands: false,
    // The subscriber subscribes again itself on every 'ready' (subscribe below), so it knows when it is listening.
    autoResubscribe: false,
    commandTimeout: REDIS_COMMAND_TIMEOUT_MS,
    connectTimeout: CONNECT_TIMEOUT_MS,
    retryStrategy: (attempt: number) => Math.min(attempt * 200, MAX_RECONNECT_DELAY_MS),
  };
}

interface Subscription {
  onMessage: (message: string) => void;
  onSubscribed: () => void;
}

/**
 * The process's two Redis connections when REDIS_URL is set (docs/SCALING.md):
 * `commands` (rate-limit script, PUBLISH, PING) and a subscriber, which Redis
 * puts in a mode where it can do nothing else. Without REDIS_URL both are null
 * and every caller keeps its single-process behaviour.
 *
 * Redis being down never stops the API: connections retry in the background,
 * commands fail fast, and each outage is logged once, not at every retry.
 * REDIS_URL itself is never logged (it can carry a password).
 */
@Injectable()
export class RedisService implements OnApplicationShutdown {
  readonly commands: Redis | null;
  private readonly subscriber: Redis | null;
  private readonly subscriptions = new Map<string, Subscription>();
  private readonly log: Logger;
  private subscribed = false;
  private closing = false;

  constructor(@Inject(ENV) env: Env, @Inject(ROOT_LOGGER) logger: Logger) {
    this.log = logger.child({ module: 'redis' });
    if (!env.REDIS_URL) {
      this.commands = null;
      this.subscriber = null;
      return;
    }
    this.commands = this.connect(env.REDIS_URL, 'commands');
    this.subscriber = this.connect(env.REDIS_URL, 'subscriber');
    this.subscriber.on('ready', () => this.subscribeAll());
    this.subscriber.on('close', () => (this.subscribed = false));
    this.subscriber.on('message', (channel: string, message: string) => this.deliver(channel, message));
  }

  get enabled(): boolean {
    return this.commands !== null;
  }

  /**
   * Listens on a channel for the life of the process, across reconnects:
   * `onSubscribed` runs each time the subscription is (re)established, so a
   * caller can catch up on what it may have missed while Redis was away.
   */
  subscribe(channel: string, onMessage: (message: string) => void, onSubscribed: () => void = () => undefined): void {
    if (!this.subscriber) return;
    this.subscriptions.set(channel, { onMessage, onSubscribed });
    if (this.subscriber.status === 'ready') this.subscribeAll();
  }

  /** 'ok' when a PING answers and every subscription is live. */
  async health(): Promise<RedisHealth> {
    if (!this.commands) return 'disabled';
    if (this.subscriptions.size > 0 && !this.subscribed) return 'unreachable';
    try {
      await this.commands.ping();
      return 'ok';
    } catch {
      return 'unreachable';
    }
  }

  /** After the HTTP server has closed: no request needs Redis any more. */
  async onApplicationShutdown(): Promise<void> {
    this.closing = true;
    await Promise.all([this.commands, this.subscriber].flatMap((client) => (client ? [closeConnection(client)] : [])));
  }

  private connect(url: string, name: RedisConnectionName): Redis {
    const client = new Redis(url, redisOptions());
    // undefined until the first connection, so the first failure is reported as well.
    let up: boolean | undefined;
    client.on('ready', () => {
      this.log.info({ connection: name }, up === false ? 'redis reachable again' : 'redis connected');
      up = true;
    });
    client.on('error', (err: Error) => {
      // Every reconnect attempt fails with an error of its own: say it once per outage.
      if (up !== false && !this.closing) this.log.warn({ connection: name, err: err.message }, 'redis unreachable; retrying in the background');
      up = false;
    });
    client.on('close', () => {
      if (up === true && !this.closing) this.log.warn({ connection: name }, 'redis connection lost; reconnecting');
      up = false;
    });
    return client;
  }

  private subscribeAll(): void {
    const subscriber = this.subscriber;
    const channels = [...this.subscriptions.keys()];
    if (!subscriber || channels.length === 0) return;
    subscriber.subscribe(...channels).then(
      () => {
        this.subscribed = true;
        for (const subscription of this.subscriptions.values()) subscription.onSubscribed();
      },
      (err: unknown) => {
        // The next 'ready' tries again.
        this.log.warn({ connection: 'subscriber', err: err instanceof Error ? err.message : String(err) }, 'redis subscribe failed');
      },
    );
  }

  private deliver(channel: string, message: string): void {
    try {
      this.subscriptions.get(channel)?.onMessage(message);
    } catch (err) {
      // A bad message from another replica must not take this one down.
      this.log.error({ channel, err: err instanceof Error ? err.message : String(err) }, 'redis message handling failed');
    }
  }
}

async function closeConnection(client: Redis): Promise<void> {
  if (client.status !== 'ready') {
    // Also stops the reconnect loop of a connection that is down; nothing to wait for.
    client.disconnect();
    return;
  }
  const ended = new Promise<void>((resolve) => client.once('end', () => resolve()));
  client.quit().catch(() => client.disconnect());
  let timer: NodeJS.Timeout | undefined;
  const timedOut = await Promise.race([ended.then(() => false), new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), QUIT_TIMEOUT_MS)))]);
  clearTimeout(timer);
  if (timedOut) client.disconnect();
}
