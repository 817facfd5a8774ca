import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createRootLogger } from './logger.js';

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
