// Regenerates the committed OpenAPI copy from the built API, then the typed
// schema from that copy. Run after changing a route or a contract:
//   pnpm --filter @prixagent/api build && pnpm --filter @prixagent/api-client generate
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateSchemaSource } from './schema-source.mjs';

const pkg = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(pkg, '../../apps/api/dist/cli/openapi.cli.js');
const document = execFileSync(process.execPath, [cli], { encoding: 'utf8' });
writeFileSync(join(pkg, 'openapi.json'), document);
writeFileSync(join(pkg, 'src/schema.ts'), await generateSchemaSource(join(pkg, 'openapi.json')));
console.log('wrote openapi.json and src/schema.ts');
