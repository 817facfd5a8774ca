// Let's Encrypt's test CA on loopback (../shared/recipes/acme-loopback.md):
// pebble-challtestsrv answers every DNS query with 127.0.0.1, and pebble
// validates HTTP-01 challenges on `httpPort`, where the test's nginx listens.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request as httpsRequest } from 'node:https';
import { freePort, waitForPort } from '../../../scripts/lib/net.mjs';
import { startScript, type RunningScript } from './run-script.js';

export interface Pebble {
  /** ACME directory URL for certbot's --server. */
  directory: string;
  /** PEM that pebble's own HTTPS listener presents; certbot must trust it (REQUESTS_CA_BUNDLE). */
  tlsCaFile: string;
  /** Port pebble sends HTTP-01 validation requests to. */
  httpPort: number;
  /** PEM of the root that signs issued certificates (changes with every pebble start). */
  rootCa: () => Promise<string>;
  stop: () => Promise<void>;
}

function started(cmd: string, args: string[], env: Record<string, string>): RunningScript {
  return startScript(cmd, args, { env, timeoutMs: 0 });
}

async function listening(port: number, what: () => string): Promise<void> {
  if ((await waitForPort(port)) !== 'listening') throw new Error(`pebble did not listen on ${port}:\n${what()}`);
}

export async function startPebble(httpPort: number): Promise<Pebble> {
  const dir = mkdtempSync(join(tmpdir(), 'prix-pebble-'));
  const [acmePort, mgmtPort, dnsPort, challMgmtPort, tlsPort] = [await freePort(), await freePort(), await freePort(), await freePort(), await freePort()];
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '2', '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1'], { stdio: 'ignore' });
  writeFileSync(
    join(dir, 'pebble.json'),
    JSON.stringify({
      pebble: {
        listenAddress: `127.0.0.1:${acmePort}`,
        managementListenAddress: `127.0.0.1:${mgmtPort}`,
        certificate: join(dir, 'cert.pem'),
        privateKey: join(dir, 'key.pem'),
        httpPort,
        tlsPort,
        ocspResponderURL: '',
        externalAccountBindingRequired: false,
      },
    }),
  );
  const chall = started('pebble-challtestsrv', ['-defaultIPv4', '127.0.0.1', '-defaultIPv6', '', '-dns01', `127.0.0.1:${dnsPort}`, '-http01', '', '-https01', '', '-tlsalpn01', '', '-management', `127.0.0.1:${challMgmtPort}`], {});
  // No random validation delay and no deliberately rejected nonces: the
  // suite tests our scripts, not certbot's retry logic.
  const pebble = started('pebble', ['-config', join(dir, 'pebble.json'), '-dnsserver', `127.0.0.1:${dnsPort}`], { PEBBLE_VA_NOSLEEP: '1', PEBBLE_WFE_NONCEREJECT: '0' });
  await listening(acmePort, pebble.output);
  await listening(mgmtPort, pebble.output);
  const tlsCaFile = join(dir, 'cert.pem');
  return {
    directory: `https://127.0.0.1:${acmePort}/dir`,
    tlsCaFile,
    httpPort,
    rootCa: () =>
      new Promise((resolve, reject) => {
        const req = httpsRequest(`https://127.0.0.1:${mgmtPort}/roots/0`, { ca: readFileSync(tlsCaFile) }, (res) => {
          let body = '';
          res.on('data', (d: Buffer) => (body += d.toString()));
          res.on('end', () => (res.statusCode === 200 ? resolve(body) : reject(new Error(`roots/0 answered ${res.statusCode}`))));
        });
        req.on('error', reject);
        req.end();
      }),
    stop: async () => {
      for (const p of [pebble.proc, chall.proc]) {
        if (p.exitCode === null) {
          const gone = new Promise((r) => p.once('exit', r));
          p.kill('SIGTERM');
          await gone;
        }
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
