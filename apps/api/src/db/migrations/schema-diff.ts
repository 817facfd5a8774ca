// Schema-to-schema diff through Prisma's WebAssembly schema engine, so that new
// migrations can be written on machines where the Prisma CLI's native engine
// cannot be downloaded (docs: /work/shared/recipes/toolchain-offline.md).
//
// The package entry (`schema_engine.js`) does `import * as wasm from "./x.wasm"`,
// which Node 20 cannot load, so the .wasm file is instantiated here by hand
// against the package's JS glue (`schema_engine_bg.js`).
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import * as engineBindings from '@prisma/schema-engine-wasm/schema_engine_bg';
import type { SchemaEngine } from '@prisma/schema-engine-wasm/schema_engine_bg';

const require = createRequire(import.meta.url);

// The project compiles against ES2023 without the DOM lib, and @types/node 20
// does not declare the WebAssembly global, so the one call used is typed here.
interface WasmApi {
  instantiate(
    bytes: Uint8Array,
    imports: Record<string, object>,
  ): Promise<{ instance: { exports: Record<string, unknown> } }>;
}
const wasmApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

let bindingsReady: Promise<void> | undefined;

/** Instantiates the engine's .wasm once per process; the glue module keeps it in module state. */
function loadEngineBindings(): Promise<void> {
  bindingsReady ??= (async () => {
    const gluePath = require.resolve('@prisma/schema-engine-wasm/schema_engine_bg');
    const bytes = await readFile(path.join(path.dirname(gluePath), 'schema_engine_bg.wasm'));
    // The module imports only its JS glue, under the specifier wasm-bindgen gave it.
    const { instance } = await wasmApi.instantiate(bytes, { './schema_engine_bg.js': engineBindings });
    engineBindings.__wbg_set_wasm(instance.exports);
    const start = instance.exports['__wbindgen_start'] as (() => void) | undefined;
    start?.();
  })();
  bindingsReady.catch(() => {
    // Let a later call retry instead of caching a failed load forever.
    bindingsReady = undefined;
  });
  return bindingsReady;
}

// The minimal slice of @prisma/driver-adapter-utils the engine reads. That
// package is not a dependency of the api, and only these fields are touched.
type AdapterResult<T> = { ok: true; value: T } | { ok: false; error: { kind: 'GenericJs'; id: number } };
interface StubResultSet {
  columnNames: string[];
  columnTypes: number[];
  rows: unknown[][];
}
interface StubQuery {
  sql: string;
}

/** ColumnTypeEnum values from @prisma/driver-adapter-utils. */
const COLUMN_TYPE = { int32: 0, boolean: 5, text: 7 } as const;

/**
 * A driver adapter with no database behind it. The engine connects when it is
 * constructed and asks for the server version; it is told PostgreSQL 15 (the
 * version the project runs) with an existing `public` schema, which is what a
 * real connection would answer. Any other statement means the engine wanted a
 * live database, which a datamodel-to-datamodel diff must never need, so it is
 * refused and reported.
 */
function offlineAdapterFactory(refused: string[]): object {
  const refuse = (query: StubQuery | string): Promise<AdapterResult<never>> => {
    refused.push(typeof query === 'string' ? query : query.sql);
    return Promise.resolve({ ok: false, error: { kind: 'GenericJs', id: 0 } });
  };
  const connection = {
    provider: 'postgres',
    adapterName: '@prixagent/offline-schema-diff',
    queryRaw(query: StubQuery): Promise<AdapterResult<StubResultSet>> {
      if (query.sql.includes("current_setting('server_version_num')")) {
        return Promise.resolve({
          ok: true,
          value: {
            columnNames: ['exists', 'version', 'numeric_version'],
            columnTypes: [COLUMN_TYPE.boolean, COLUMN_TYPE.text, COLUMN_TYPE.int32],
            rows: [[true, 'PostgreSQL 15.18', 150018]],
          },
        });
      }
      return refuse(query);
    },
    executeRaw: refuse,
    executeScript: refuse,
    startTransaction: () => refuse('BEGIN'),
    dispose: (): Promise<AdapterResult<undefined>> => Promise.resolve({ ok: true, value: undefined }),
  };
  return {
    provider: 'postgres',
    adapterName: '@prixagent/offline-schema-diff',
    connect: (): Promise<AdapterResult<typeof connection>> => Promise.resolve({ ok: true, value: connection }),
    connectToShadowDb: (): Promise<AdapterResult<typeof connection>> =>
      Promise.resolve({ ok: true, value: connection }),
  };
}

/**
 * Returns the PostgreSQL script that turns a database built from schema text
 * `from` (null: an empty database) into one built from schema text `to`, as
 * `prisma migrate diff --script` would. Returns '' when there is nothing to do.
 * No database is involved.
 */
export async function diffSchemas(from: string | null, to: string): Promise<string> {
  await loadEngineBindings();
  const refused: string[] = [];
  let engine: SchemaEngine | undefined;
  try {
    engine = await engineBindings.SchemaEngine.new(
      { datamodels: undefined },
      // The engine logs JSON lines (start-up banner, tracing); nothing actionable for callers.
      () => undefined,
      offlineAdapterFactory(refused),
    );
    const result = await engine.diff({
      from: from === null ? { tag: 'empty' } : { tag: 'schemaDatamodel', files: [{ path: 'from.prisma', content: from }] },
      to: { tag: 'schemaDatamodel', files: [{ path: 'schema.prisma', content: to }] },
      script: true,
      // With exitCode set the engine reports 0 for "no difference" and 2 for
      // "difference", instead of a script that only says it is empty.
      exitCode: true,
      filters: { externalTables: [], externalEnums: [] },
    });
    if (result.exitCode === 0) return '';
    return result.stdout ?? '';
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    if (refused.length > 0) {
      throw new Error(
        `The schema engine tried to use a live database (${refused.join('; ')}), which offline diffing does not provide: ${detail}`,
        { cause: error },
      );
    }
    throw new Error(`The schema engine could not diff the schemas: ${detail}`, { cause: error });
  } finally {
    engine?.free();
  }
}
