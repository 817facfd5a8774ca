import { defineConfig } from 'vitest/config';

// Pure logic only (no DOM library is installed): dictionaries, query helpers.
export default defineConfig({ test: { environment: 'node', include: ['src/**/*.spec.ts'] } });
