// HTTP(S) requests to loopback servers under real host names: every name
// resolves to 127.0.0.1 (as DNS would point app.<domain> at the VPS), so SNI,
// the Host header and certificate checks all see the production names.
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';

export const loopbackLookup: LookupFunction = (_hostname, options, callback) => {
  const cb = callback as (err: Error | null, address: string | { address: string; family: number }[], family?: number) => void;
  if (typeof options === 'object' && options.all) cb(null, [{ address: '127.0.0.1', family: 4 }]);
  else cb(null, '127.0.0.1', 4);
};

export interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface RequestOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** PEM of the CA that signed the server's certificate. */
  ca?: string;
}

export function request(url: string, options: RequestOptions = {}): Promise<Answer> {
  const u = new URL(url);
  const send = u.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(
      u,
      {
        method: options.method ?? 'GET',
        headers: options.headers,
        lookup: loopbackLookup,
        ...(u.protocol === 'https:' ? { ca: options.ca, servername: u.hostname } : {}),
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.setTimeout(15_000, () => req.destroy(new Error(`timeout: ${url}`)));
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}
