// Lint rules, with one boundary per folder: shared/ stays pure so the proxy and the browser run the same code.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const impure = [
  'node:*',
  'fs',
  'path',
  'http',
  'net',
  'express',
  'react',
  'react-dom',
  'lowdb',
  'socket.io',
  'socket.io-client',
  'http-proxy-middleware',
];

/** What no file in shared/ may import. */
const sharedBoundaries = [
  { group: impure, message: 'shared/ is pure: no I/O, no node:*, no framework (it runs in the browser too).' },
  { group: ['**/server/**', '**/web/**'], message: 'shared/ must not import server or web code.' },
];

export default tseslint.config(
  { ignores: ['node_modules/', 'web/dist/', 'dist/', 'docs/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-control-regex': 'off',
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      'no-restricted-imports': ['error', { patterns: sharedBoundaries }],
    },
  },
  {
    // The ground floor: catalog, lint, presets, profiles and the protocol build on the rules, never the other way.
    files: ['shared/rules/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...sharedBoundaries,
            {
              regex: '^\\.\\./',
              message: 'shared/rules/ imports nothing from the rest of shared/ (only its own files).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['web/src/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/server/**', 'node:*'],
              message: 'The web app talks to the server over HTTP and socket.io only.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['server/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/web/**'], message: 'The server does not import web code.' }] },
      ],
    },
  },
);
