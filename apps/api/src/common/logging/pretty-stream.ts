import type { DestinationStream } from 'pino';
import type { Env } from '../../config/env.schema.js';

/**
 * The development view of the log stream (LOG_FORMAT=pretty): one short line
 * per request and per event, for a person reading a terminal.
 *
 * It reads the JSON lines pino has already written, after redaction, so it can
 * only show less than the JSON does, never a secret the JSON would not show.
 * Production keeps the JSON stream itself; nothing here runs there.
 */

/** Nest's start-up report (a line per module and per route): dozens of lines on every restart. */
const QUIET_CONTEXTS = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer']);

/** Fields shown in their own place on the line, or that only repeat what every line says. */
const SHOWN_APART = new Set(['level', 'time', 'msg', 'service', 'pid', 'hostname', 'context', 'reqId', 'req', 'res', 'responseTime', 'err']);

/** Requests seen but not completed yet are forgotten beyond this many (a stream never grows without bound). */
const MAX_PENDING = 1_000;

interface LoggedRequest {
  method?: string;
  url?: string;
}

interface LogRecord {
  level?: string;
  time?: string;
  msg?: string;
  context?: string;
  reqId?: string;
  req?: LoggedRequest;
  res?: { statusCode?: number };
  responseTime?: number;
  err?: unknown;
  [key: string]: unknown;
}

export interface TextSink {
  write(chunk: string): unknown;
}

function clock(time: string | undefined): string {
  const date = time ? new Date(time) : new Date();
  return Number.isNaN(date.getTime()) ? '--:--:--' : date.toTimeString().slice(0, 8);
}

function show(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function describeError(err: unknown): { summary: string; stack?: string } {
  if (typeof err === 'string') return { summary: err };
  if (err && typeof err === 'object') {
    const { message, stack } = err as { message?: unknown; stack?: unknown };
    return { summary: typeof message === 'string' ? message : show(err), stack: typeof stack === 'string' ? stack : undefined };
  }
  return { summary: show(err) };
}

/**
 * A pino destination that prints `pretty` lines to `out`. Below debug, Nest's
 * start-up report is left out, so a restart is two lines and the `pnpm dev`
 * banner stays in view; LOG_LEVEL=debug brings it back.
 */
export function prettyStream(out: TextSink, level: Env['LOG_LEVEL']): DestinationStream {
  const verbose = level === 'debug' || level === 'trace';
  // Fastify logs a request twice (when it arrives, when it is answered); the
  // pretty view prints it once, when the status is known, and needs the method
  // and path from the first line for that.
  const pending = new Map<string, LoggedRequest>();

  function render(record: LogRecord): string | undefined {
    const head = `${clock(record.time)} ${(record.level ?? 'info').toUpperCase().padEnd(5)}`;
    if (record.msg === 'incoming request' && record.req && record.reqId) {
      pending.set(record.reqId, record.req);
      if (pending.size > MAX_PENDING) pending.delete(pending.keys().next().value ?? '');
      return undefined;
    }
    if (record.msg === 'request completed' && record.reqId) {
      const req = pending.get(record.reqId);
      pending.delete(record.reqId);
      const what = req ? `${req.method ?? '?'} ${req.url ?? '?'}` : `request ${record.reqId}`;
      const took = typeof record.responseTime === 'number' ? ` ${Math.round(record.responseTime)}ms` : '';
      return `${head} ${what} ${record.res?.statusCode ?? '?'}${took}`;
    }
    if (!verbose && record.context && QUIET_CONTEXTS.has(record.context) && (record.level === 'info' || record.level === undefined)) {
      return undefined;
    }
    const extras = Object.entries(record)
      .filter(([key, value]) => !SHOWN_APART.has(key) && value !== undefined && value !== null)
      .map(([key, value]) => ` ${key}=${show(value)}`)
      .join('');
    const context = record.context ? `[${record.context}] ` : '';
    const request = record.req?.method ? ` (${record.req.method} ${record.req.url ?? '?'})` : '';
    let line = `${head} ${context}${record.msg ?? ''}${request}${extras}`;
    if (record.err !== undefined) {
      const { summary, stack } = describeError(record.err);
      line += `: ${summary}`;
      // A stack is worth its lines: it is what a developer reads next.
      if (stack) line += `\n${stack.split('\n').slice(1).join('\n')}`;
    }
    return line;
  }

  return {
    write(chunk: string): void {
      for (const raw of chunk.split('\n')) {
        if (raw.trim() === '') continue;
        let record: LogRecord;
        try {
          record = JSON.parse(raw) as LogRecord;
        } catch {
          out.write(`${raw}\n`);
          continue;
        }
        const text = render(record);
        if (text !== undefined) out.write(`${text}\n`);
      }
    },
  };
}
