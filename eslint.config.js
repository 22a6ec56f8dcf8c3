// Lint rules, including the process layers of ARCHITECTURE.md: renderer never
// imports main, electron or node builtins; shared imports neither side; main never
// imports renderer; main/wireguard is pure (no process or file I/O).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

const forbid = (paths, patterns, message) => ({
  'no-restricted-imports': [
    'error',
    {
      paths: paths.map((name) => ({ name, message })),
      patterns: patterns.map((group) => ({ group: [group], message })),
    },
  ],
});

export default tseslint.config(
  { ignores: ['node_modules/', '**/dist/', 'out/', 'test-results/', '.scratch/', '.data/'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: { ecmaVersion: 2022, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-non-null-assertion': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always'],
    },
  },
  {
    files: ['renderer/**'],
    rules: forbid(
      ['electron', ...nodeBuiltins],
      ['**/main/**', 'node:*'],
      'renderer/ is a sandboxed page: talk to main through the contract client only.',
    ),
  },
  {
    files: ['shared/**'],
    rules: forbid(
      ['electron', 'react', ...nodeBuiltins],
      ['**/main/**', '**/renderer/**', 'node:*'],
      'shared/ runs on both sides: no Node, no DOM, no Electron, no imports from main/ or renderer/.',
    ),
  },
  {
    files: ['main/**'],
    rules: forbid([], ['**/renderer/**'], 'main/ never imports renderer/.'),
  },
  {
    // The helper protocol (main/host/protocol/) is imported by both sides; the
    // app's side (host/) never reaches into the helper's, so there is no cycle.
    // It repeats main/**'s renderer pattern: a later block's no-restricted-imports
    // replaces an earlier one's instead of adding to it.
    files: ['main/host/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/renderer/**'], message: 'main/ never imports renderer/.' },
            {
              group: ['**/helper/**'],
              message:
                'main/host/ never imports main/helper/: what both sides need lives in main/host/protocol/.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['main/wireguard/**'],
    rules: forbid(
      [
        'electron',
        ...nodeBuiltins.filter((m) => !['crypto', 'node:crypto'].includes(m)),
        'better-sqlite3',
      ],
      ['**/store/**', '**/host/**', '**/renderer/**'],
      'main/wireguard/ is pure: keys, .conf and dump parsing, planning. No I/O.',
    ),
  },
  {
    files: ['scripts/**/*.mjs', 'eslint.config.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
);
