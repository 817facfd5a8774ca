import { Writable } from 'node:stream';
import { fastify } from 'fastify';
import { describe, expect, it } from 'vitest';
import { NestPinoLogger, createRootLogger, logFormat } from './logger.js';
import { prettyStream } from './pretty-stream.js';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { lines, stream };
}

describe('root logger', () => {
  it('writes JSON and redacts credentials wherever they sit', () => {
    const { lines, stream } = capture();
    const logger = createRootLogger({ LOG_LEVEL: 'info', LOG_FILE: undefined }, stream);
    logger.info(
      {
        req: { headers: { authorization: 'Bearer sekret-token', cookie: 'px_refresh=sekret-cookie', 'user-agent': 'ua' } },
        input: { password: 'sekret-password', apiKey: 'sekret-key', secrets: { authToken: 'sekret-auth' }, email: 'a@b.c' },
        body: { anything: 'sekret-body' },
        password: 'sekret-top',
        deep: { deeper: { apiKey: 'sekret-deep' } },
      },
      'request',
    );
    expect(lines).toHaveLength(1);
    const line = lines[0] ?? '';
    const parsed = JSON.parse(line) as { level: string; msg: string; input: { email: string } };
    expect(parsed.level).toBe('info');
    expect(parsed.msg).toBe('request');
    expect(parsed.input.email).toBe('a@b.c');
    expect(line).not.toMatch(/sekret/);
    expect(line).toContain('[redacted]');
  });
});

describe('log format', () => {
  it('is pretty in development and JSON elsewhere, and always JSON into a file', () => {
    expect(logFormat({ LOG_LEVEL: 'info', LOG_FILE: undefined, NODE_ENV: 'development' })).toBe('pretty');
    expect(logFormat({ LOG_LEVEL: 'info', LOG_FILE: undefined, NODE_ENV: 'production' })).toBe('json');
    expect(logFormat({ LOG_LEVEL: 'info', LOG_FILE: undefined, NODE_ENV: 'test' })).toBe('json');
    expect(logFormat({ LOG_LEVEL: 'info', LOG_FILE: undefined, NODE_ENV: 'development', LOG_FORMAT: 'json' })).toBe('json');
    expect(logFormat({ LOG_LEVEL: 'info', LOG_FILE: undefined, NODE_ENV: 'production', LOG_FORMAT: 'pretty' })).toBe('pretty');
    expect(logFormat({ LOG_LEVEL: 'info', LOG_FILE: '/tmp/api.log', NODE_ENV: 'development', LOG_FORMAT: 'pretty' })).toBe('json');
  });
});

describe('pretty log stream (development)', () => {
  function prettyCapture(level: 'info' | 'debug' = 'info') {
    const lines: string[] = [];
    const stream = prettyStream({ write: (chunk: string) => lines.push(...chunk.split('\n').filter(Boolean)) }, level);
    return { lines, logger: createRootLogger({ LOG_LEVEL: level, LOG_FILE: undefined }, stream) };
  }

  it('prints one line per request, with method, path (no query), status and time', async () => {
    const { lines, logger } = prettyCapture();
    const app = fastify({ loggerInstance: logger });
    app.get('/api/v1/things', () => ({ ok: true }));
    await app.ready();
    const res = await app.inject({ method: 'GET', url: '/api/v1/things?ticket=sekret-ticket', headers: { authorization: 'Bearer sekret-token' } });
    await app.close();
    expect(res.statusCode).toBe(200);
    const requestLines = lines.filter((l) => l.includes('/api/v1/things'));
    expect(requestLines).toHaveLength(1);
    expect(requestLines[0]).toMatch(/^\d\d:\d\d:\d\d INFO {2}GET \/api\/v1\/things 200 \d+ms$/);
    expect(lines.join('\n')).not.toMatch(/sekret/);
  });

  it('keeps redaction: it only ever sees what the JSON would show', () => {
    const { lines, logger } = prettyCapture();
    logger.warn({ input: { password: 'sekret-password', email: 'a@b.c' }, apiKey: 'sekret-key' }, 'something odd');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/WARN {2}something odd input=\{"password":"\[redacted\]","email":"a@b.c"\} apiKey=\[redacted\]$/);
  });

  it("leaves Nest's start-up report out below debug, and shows it at debug", () => {
    const quiet = prettyCapture('info');
    const nest = new NestPinoLogger(quiet.logger);
    nest.log('Mapped {/api/v1/things, GET} route', 'RouterExplorer');
    nest.log('AppModule dependencies initialized', 'InstanceLoader');
    nest.log('Nest application successfully started', 'NestApplication');
    nest.warn('a warning from start-up', 'RoutesResolver');
    expect(quiet.lines).toHaveLength(2);
    expect(quiet.lines[0]).toMatch(/INFO {2}\[NestApplication\] Nest application successfully started$/);
    expect(quiet.lines[1]).toMatch(/WARN {2}\[RoutesResolver\] a warning from start-up$/);

    const verbose = prettyCapture('debug');
    new NestPinoLogger(verbose.logger).log('Mapped {/api/v1/things, GET} route', 'RouterExplorer');
    expect(verbose.lines).toHaveLength(1);
  });

  it('shows an error with its message and stack', () => {
    const { lines, logger } = prettyCapture();
    logger.error({ err: new Error('database went away') }, 'unhandled error');
    expect(lines[0]).toMatch(/ERROR unhandled error: database went away$/);
    expect(lines[1]).toMatch(/^\s+at /);
  });
});
