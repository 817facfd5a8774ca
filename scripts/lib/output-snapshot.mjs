// What scripts/dev-watch.mjs compares to decide that a program must restart:
// the content of the JavaScript a build wrote, and nothing else. A timestamp or
// an attribute (a file's link count, which pnpm changes whenever it links the
// same store file somewhere else) is only a hint to look again; a restart needs
// different bytes.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Compiled files a Node program loads; source maps and declarations change nothing it runs. */
const LOADED = /\.(?:js|mjs|cjs|json|node)$/;

function walk(dir, files) {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return; // not built yet, or removed mid-build: the next look sees it
  }
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules') walk(path, files);
    } else if (entry.isFile() && LOADED.test(entry.name)) {
      files.push(path);
    }
  }
}

/**
 * Map of file -> { mtimeMs, size, hash } under the given directories. Files
 * whose size and mtime match `previous` keep its hash, so a look at an
 * unchanged tree reads no file.
 */
export function takeSnapshot(roots, previous = new Map()) {
  const files = [];
  for (const root of roots) walk(root, files);
  const snapshot = new Map();
  for (const path of files) {
    try {
      const { mtimeMs, size } = statSync(path);
      const known = previous.get(path);
      const hash =
        known && known.mtimeMs === mtimeMs && known.size === size
          ? known.hash
          : createHash('sha256').update(readFileSync(path)).digest('hex');
      snapshot.set(path, { mtimeMs, size, hash });
    } catch {
      /* removed between the listing and the read: absent from this look */
    }
  }
  return snapshot;
}

/** Files added, removed or with other content in `after`. */
export function snapshotChanges(before, after) {
  const changed = [];
  for (const [path, { hash }] of after) if (before.get(path)?.hash !== hash) changed.push(path);
  for (const path of before.keys()) if (!after.has(path)) changed.push(path);
  return changed;
}

/**
 * The build output (`dist/`, where every workspace package points its exports)
 * of the workspace packages the package in `dir` depends on, directly or
 * through another workspace package. Found through the `workspace:` links in
 * node_modules, so nothing from the registry (or pnpm's store) is ever included.
 */
export function dependencyOutputs(dir, seen = new Set()) {
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  } catch {
    return [];
  }
  const outputs = [];
  for (const field of ['dependencies', 'devDependencies', 'peerDependencies']) {
    for (const [name, spec] of Object.entries(manifest[field] ?? {})) {
      if (typeof spec !== 'string' || !spec.startsWith('workspace:')) continue;
      const link = join(dir, 'node_modules', name);
      if (!existsSync(link)) continue;
      const target = realpathSync(link);
      if (seen.has(target)) continue;
      seen.add(target);
      outputs.push(join(target, 'dist'), ...dependencyOutputs(target, seen));
    }
  }
  return outputs;
}
