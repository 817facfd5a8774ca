// Lint settings for the whole workspace (ESLint flat config). Every package
// lints with `eslint --max-warnings 0 src ...`, so a warning is as bad as an error.
//
// TypeScript gets the type-aware rules (typescript-eslint recommendedTypeChecked,
// types from each package's tsconfig.json through the project service); plain
// JavaScript (the root scripts/*.mjs, run by Node as they are) gets the core
// recommended rules with Node's globals.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
  {
    ignores: [
      '**/dist/**',
      '**/node_modules/**',
      '**/.turbo/**',
      '**/coverage/**',
      '.data/**',
      '.test-output/**',
      // Generated code is checked for drift, not style.
      'apps/api/src/generated/**',
      'packages/api-client/src/schema.ts',
      // Hand-written declarations for plain .mjs helpers: no code to lint.
      '**/*.d.mts',
      '**/*.generated.*',
      // Tool configuration files.
      'eslint.config.js',
      '**/*.config.{js,cjs,mjs,ts,cts,mts}',
    ],
  },
  {
    files: ['**/*.{ts,tsx,mts,cts}'],
    extends: [js.configs.recommended, tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    linterOptions: {
      reportUnusedDisableDirectives: 'error',
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
      'no-console': 'off',
      eqeqeq: ['error', 'always', { null: 'ignore' }],
    },
  },
  {
    // The dashboards and their shared components run in the browser (React,
    // .tsx): browser globals instead of Node's.
    files: ['apps/*-dashboard/src/**/*.{ts,tsx}', 'packages/ui/src/**/*.{ts,tsx}'],
    languageOptions: {
      globals: globals.browser,
    },
  },
  {
    // Configuration is read once, validated, in apps/api/src/config/env.ts;
    // everything else gets it injected. Test setup that reads the test runner's
    // own variables (apps/api/test/support/test-runner-env.ts) is the exception.
    files: ['apps/*/src/**/*.{ts,tsx}', 'apps/*/test/**/*.ts', 'packages/*/src/**/*.{ts,tsx}'],
    ignores: [
      'apps/api/src/config/env.ts',
      'apps/api/src/config/database-url.ts',
      'apps/*/test/support/test-runner-env.ts',
    ],
    rules: {
      'no-restricted-properties': [
        'error',
        {
          object: 'process',
          property: 'env',
          message: 'Read configuration through loadEnv() (apps/api/src/config/env.ts), not process.env.',
        },
      ],
    },
  },
  {
    // The cross-app suites under tests/ belong to no package tsconfig: syntax-level
    // TypeScript rules only.
    files: ['tests/**/*.{ts,mts}'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: {
      parserOptions: { projectService: false, project: null },
      globals: globals.node,
    },
  },
  {
    files: ['**/*.{js,mjs,cjs}'],
    extends: [js.configs.recommended],
    languageOptions: {
      ecmaVersion: 'latest',
      sourceType: 'module',
      globals: globals.node,
    },
    rules: {
      'no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
    },
  },
);
