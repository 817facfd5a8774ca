// The rules `pnpm dev` applies before it starts anything: which URLs follow the
// ports (scripts/lib/dev-env.mjs), and what makes dev-watch restart the API
// (scripts/lib/output-snapshot.mjs). Plain functions, no processes.
import { linkSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { devEnvironment } from '../../scripts/lib/dev-env.mjs';
import { dependencyOutputs, snapshotChanges, takeSnapshot } from '../../scripts/lib/output-snapshot.mjs';

// What .env.example (and so a fresh .env) says: the URLs left empty.
const FRESH = { API_PORT: '3004', CLIENT_PORT: '3001', ADMIN_PORT: '3002', PUBLIC_API_URL: '', CLIENT_APP_URL: '', ADMIN_APP_URL: '', CORS_ORIGIN: '' };
// What setup-env wrote before the URLs followed the ports.
const OLDER = {
  ...FRESH,
  PUBLIC_API_URL: 'http://localhost:3004',
  CLIENT_APP_URL: 'http://localhost:3001',
  ADMIN_APP_URL: 'http://localhost:3002',
  CORS_ORIGIN: 'http://localhost:3001,http://localhost:3002',
};
const MOVED = { API_PORT: '4204', CLIENT_PORT: '4201', ADMIN_PORT: '4202' };
const AT_MOVED_PORTS = {
  PUBLIC_API_URL: 'http://localhost:4204',
  CLIENT_APP_URL: 'http://localhost:4201',
  ADMIN_APP_URL: 'http://localhost:4202',
  CORS_ORIGIN: 'http://localhost:4201,http://localhost:4202',
};

describe('devEnvironment', () => {
  it('derives every URL from the ports, with a fresh .env and with an older one', () => {
    for (const file of [FRESH, OLDER]) {
      const { env, derived } = devEnvironment(file, MOVED);
      expect(env).toMatchObject({ ...MOVED, ...AT_MOVED_PORTS });
      expect(derived).toEqual(['PUBLIC_API_URL', 'CLIENT_APP_URL', 'ADMIN_APP_URL', 'CORS_ORIGIN']);
    }
  });

  it('uses the default ports when none is set anywhere', () => {
    const { env } = devEnvironment({}, {});
    expect(env).toMatchObject({ API_PORT: '3004', CLIENT_PORT: '3001', ADMIN_PORT: '3002', CLIENT_APP_URL: 'http://localhost:3001' });
  });

  it('follows ports moved in .env too, and the shell wins over .env', () => {
    expect(devEnvironment({ ...OLDER, CLIENT_PORT: '5001' }, {}).env.CLIENT_APP_URL).toBe('http://localhost:5001');
    expect(devEnvironment({ ...OLDER, CLIENT_PORT: '5001' }, { CLIENT_PORT: '6001' }).env.CLIENT_APP_URL).toBe('http://localhost:6001');
  });

  it('keeps a URL set in the shell, or set in .env to anything but its default', () => {
    const fromShell = devEnvironment(OLDER, { ...MOVED, CLIENT_APP_URL: 'https://tunnel.example' });
    expect(fromShell.env.CLIENT_APP_URL).toBe('https://tunnel.example');
    expect(fromShell.derived).not.toContain('CLIENT_APP_URL');
    expect(fromShell.env.ADMIN_APP_URL).toBe('http://localhost:4202');

    const fromFile = devEnvironment({ ...FRESH, PUBLIC_API_URL: 'https://abc.ngrok.example', CORS_ORIGIN: 'http://localhost:3001,http://localhost:3002,http://lan:3001' }, MOVED);
    expect(fromFile.env.PUBLIC_API_URL).toBe('https://abc.ngrok.example');
    expect(fromFile.env.CORS_ORIGIN).toBe('http://localhost:3001,http://localhost:3002,http://lan:3001');
    expect(fromFile.derived).toEqual(['CLIENT_APP_URL', 'ADMIN_APP_URL']);
  });

  it('reads a default-port value written with a trailing slash or spaces as the default', () => {
    const { env } = devEnvironment({ ...FRESH, CLIENT_APP_URL: 'http://localhost:3001/', CORS_ORIGIN: ' http://localhost:3001 , http://localhost:3002/' }, MOVED);
    expect(env.CLIENT_APP_URL).toBe('http://localhost:4201');
    expect(env.CORS_ORIGIN).toBe(AT_MOVED_PORTS.CORS_ORIGIN);
  });

  it('refuses a port that is not one, naming the variable', () => {
    expect(() => devEnvironment(FRESH, { API_PORT: 'eighty' })).toThrow(/API_PORT must be a port number/);
    expect(() => devEnvironment({ ...FRESH, ADMIN_PORT: '70000' }, {})).toThrow(/ADMIN_PORT must be a port number/);
  });
});

describe('output snapshots (what restarts the API in dev)', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  function scratch(): string {
    const dir = mkdtempSync(join(tmpdir(), 'prixagent-snapshot-'));
    dirs.push(dir);
    return dir;
  }

  it('sees new content, new and removed files; not a touch, a hard link, a source map or a declaration', () => {
    const dist = scratch();
    writeFileSync(join(dist, 'main.js'), 'console.log(1);\n');
    writeFileSync(join(dist, 'main.js.map'), '{}');
    const before = takeSnapshot([dist]);

    // Same bytes written again (a rebuild with no change), a new name for the
    // file (what pnpm does to store files), maps and declarations: no change.
    writeFileSync(join(dist, 'main.js'), 'console.log(1);\n');
    utimesSync(join(dist, 'main.js'), new Date(), new Date(Date.now() + 5_000));
    linkSync(join(dist, 'main.js'), join(scratch(), 'elsewhere.js'));
    writeFileSync(join(dist, 'main.js.map'), '{"version":3}');
    writeFileSync(join(dist, 'main.d.ts'), 'export {};');
    expect(snapshotChanges(before, takeSnapshot([dist], before))).toEqual([]);

    writeFileSync(join(dist, 'main.js'), 'console.log(2);\n');
    mkdirSync(join(dist, 'feature'));
    writeFileSync(join(dist, 'feature', 'thing.js'), 'export {};\n');
    const after = takeSnapshot([dist], before);
    expect(snapshotChanges(before, after).sort()).toEqual([join(dist, 'feature', 'thing.js'), join(dist, 'main.js')].sort());

    rmSync(join(dist, 'feature'), { recursive: true });
    expect(snapshotChanges(after, takeSnapshot([dist], after))).toEqual([join(dist, 'feature', 'thing.js')]);
  });

  it("includes workspace dependencies' dist, through their links, and nothing from the registry", () => {
    const root = scratch();
    const make = (dir: string, manifest: object) => {
      mkdirSync(join(root, dir), { recursive: true });
      writeFileSync(join(root, dir, 'package.json'), JSON.stringify(manifest));
    };
    make('apps/api', { dependencies: { '@x/contracts': 'workspace:*', fastify: '^5.0.0' } });
    make('packages/contracts', { dependencies: { '@x/util': 'workspace:^' } });
    make('packages/util', {});
    make('node_modules/.pnpm/fastify@5.0.0/node_modules/fastify', {});
    mkdirSync(join(root, 'apps/api/node_modules/@x'), { recursive: true });
    mkdirSync(join(root, 'packages/contracts/node_modules/@x'), { recursive: true });
    symlinkSync(join(root, 'packages/contracts'), join(root, 'apps/api/node_modules/@x/contracts'));
    symlinkSync(join(root, 'packages/util'), join(root, 'packages/contracts/node_modules/@x/util'));
    symlinkSync(join(root, 'node_modules/.pnpm/fastify@5.0.0/node_modules/fastify'), join(root, 'apps/api/node_modules/fastify'));
    expect(dependencyOutputs(join(root, 'apps/api'))).toEqual([join(root, 'packages/contracts/dist'), join(root, 'packages/util/dist')]);
  });
});
