import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';

/** The house boundaries (../shared/STYLE.md) as lint rules, so a wrong import fails CI rather than review. */
const noAppImports = { group: ['**/app/**', '**/components/**', '@/app/**', '@/components/**'], message: 'lib/ and collectors/ never import app/ or components/' };
const noDb = { group: ['**/lib/db/**', '**/lib/db', '@/lib/db/**', '@prisma/*', '**/generated/**', 'next', 'next/*'], message: 'collectors/ and the pure lib modules never touch the database or Next' };

const config = [
  ...nextVitals,
  ...nextTs,
  { ignores: ['node_modules/**', '.next/**', 'generated/**', 'data/**', 'test-results/**', 'bench-data/**', 'next-env.d.ts', '**/*.tmp.ts'] },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
    },
  },
  // React's hook rules are for React code; test helpers like useFreshDatabase only share the prefix.
  { files: ['test/**/*.ts', 'bin/**/*.ts', 'collectors/**/*.ts', 'prisma/**/*.ts'], rules: { 'react-hooks/rules-of-hooks': 'off' } },
  { files: ['lib/**/*.ts'], rules: { 'no-restricted-imports': ['error', { patterns: [noAppImports] }] } },
  { files: ['collectors/**/*.ts', 'lib/exchange/**/*.ts', 'lib/openapi/**/*.ts', 'lib/discovery/**/*.ts'], rules: { 'no-restricted-imports': ['error', { patterns: [noAppImports, noDb] }] } },
  { files: ['components/**/*.{ts,tsx}'], rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['**/lib/db/**', '@/lib/db/**', '**/lib/env', '@/lib/env'], message: 'components never import lib/db or lib/env' }] }] } },
];

export default config;
