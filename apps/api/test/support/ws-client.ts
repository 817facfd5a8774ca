import { WebSocket, type RawData } from 'ws';

export interface Closed {
  code: number;
  reason: string;
}
export interface Message {
  type: string;
  data?: Record<string, unknown>;
}

/** A /ws client whose messages queue up, so a test can await them in order. */
export class WsClient {
  readonly messages: Message[] = [];
  readonly closed: Promise<Closed>;
  /** Settles when the handshake completes; rejects if it fails first. */
  readonly opened: Promise<void>;
  private waiters: ((m: Message) => void)[] = [];

  constructor(readonly ws: WebSocket) {
    this.closed = new Promise((resolve) => ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
    this.opened = new Promise((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    // Handled here so a test that never awaits `opened` gets no unhandled rejection.
    this.opened.catch(() => undefined);
    ws.on('error', () => undefined);
    ws.on('message', (data: RawData) => {
      const message = JSON.parse(Buffer.isBuffer(data) ? data.toString('utf8') : '') as Message;
      const waiter = this.waiters.shift();
      if (waiter) waiter(message);
      else this.messages.push(message);
    });
  }

  /** Connects to baseUrl's /ws with the ticket and an allowed Origin, and waits for the welcome. */
  static async welcomed(baseUrl: string, ticket: string, origin: string): Promise<{ client: WsClient; welcome: Message }> {
    const ws = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/ws?ticket=${encodeURIComponent(ticket)}`, { origin });
    const client = new WsClient(ws);
    const welcome = await client.next();
    if (welcome.type !== 'welcome') throw new Error(`expected a welcome, got ${JSON.stringify(welcome)}`);
    return { client, welcome };
  }

  next(timeoutMs = 5_000): Promise<Message> {
    const queued = this.messages.shift();
    if (queued) return Promise.resolve(queued);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no message arrived')), timeoutMs);
      this.waiters.push((m) => {
        clearTimeout(timer);
        resolve(m);
      });
    });
  }

  send(data: string | Buffer): void {
    this.ws.send(data);
  }

  /** A ping/pong round trip: returns whatever the server sent before the pong. */
  async roundTrip(): Promise<Message[]> {
    this.send(JSON.stringify({ type: 'ping' }));
    const seen: Message[] = [];
    for (;;) {
      const m = await this.next();
      if (m.type === 'pong') return seen;
      seen.push(m);
    }
  }

  close(): void {
    if (this.ws.readyState === WebSocket.OPEN || this.ws.readyState === WebSocket.CONNECTING) this.ws.terminate();
  }
}

/** Rejects when the promise has not settled within `ms`. */
export function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`not within ${ms} ms`)), ms)));
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}
