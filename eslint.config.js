// Lint: the direction of imports is part of the architecture: client → shared ← server,
// and the engine in shared/ stays pure — no clock, no randomness, no timers, no I/O, no frameworks.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const frameworks = ['colyseus', '@colyseus/*', 'phaser', 'phaser/*'];
const nodeBuiltins = ['node:*', 'fs', 'fs/*', 'path', 'http', 'https', 'net', 'os', 'crypto', 'child_process', 'worker_threads', 'url', 'util', 'stream', 'events', 'process', 'buffer'];

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', 'test-artifacts/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['shared/src/**/*.ts'],
    languageOptions: { globals: {} },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      'no-restricted-imports': ['error', {
        patterns: [
          { group: frameworks, message: 'shared/ imports no framework: the engine is pure.' },
          { group: nodeBuiltins, message: 'shared/ imports no Node built-ins: it runs in the browser too.' },
          { group: ['**/server/**', '**/client/**', '@aspf/server', '@aspf/client'], message: 'shared/ imports nothing from server/ or client/.' },
        ],
      }],
      'no-restricted-properties': ['error',
        { object: 'Math', property: 'random', message: 'Use the seeded RNG in the game state (engine/rng.ts).' },
        { object: 'Date', property: 'now', message: 'Time enters the engine only through `now` arguments.' },
      ],
      'no-restricted-globals': ['error',
        { name: 'setTimeout', message: 'No timers in the engine: the room schedules them.' },
        { name: 'setInterval', message: 'No timers in the engine: the room schedules them.' },
        { name: 'process', message: 'shared/ has no process.' },
        { name: 'window', message: 'shared/ has no DOM.' },
        { name: 'document', message: 'shared/ has no DOM.' },
      ],
      'no-restricted-syntax': ['error', {
        selector: "NewExpression[callee.name='Date'][arguments.length=0]",
        message: 'No clock reads in the engine.',
      }],
    },
  },
  {
    files: ['client/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/server/**', '@aspf/server'], message: 'client/ talks to the server over the wire only.' }] }],
    },
  },
  {
    files: ['server/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/client/**', '@aspf/client', 'phaser'], message: 'server/ imports nothing from client/.' }] }],
    },
  },
);
