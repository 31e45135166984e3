import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.tools/**', 'data/**', 'logs/**', 'coverage/**', '**/*.js', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true, requireDefaultForNonUnion: false },
      ],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-extraneous-class': 'off',
      'no-console': 'error',
      // A lib is reached through its public surface (`@mostrador/<lib>`), never by a
      // relative path into another lib or app.
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(\\.\\./)+(libs|apps)/',
              message: 'Import another lib through its alias (@mostrador/<lib>), not a relative path.',
            },
            {
              regex: '^(\\.\\./){2,}',
              message: 'Relative imports stay inside one lib or app; use @mostrador/<lib> across them.',
            },
            {
              regex: '^@mostrador/[^/]+/',
              message: "Import a lib's public surface (@mostrador/<lib>), not its inner files.",
            },
          ],
        },
      ],
    },
  },
  {
    // Tests and benches sit outside the libs and reach them through their aliases too;
    // they may reach into test helpers by relative path.
    files: ['test/**/*.ts', 'bench/**/*.ts', '**/*.spec.ts'],
    rules: {
      // Suites boot the apps from their factories (apps/<app>/src/create-<app>-app.ts).
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '^(\\.\\./)+libs/', message: 'Import a lib through its alias (@mostrador/<lib>).' },
            { regex: '^@mostrador/[^/]+/', message: "Import a lib's public surface (@mostrador/<lib>)." },
          ],
        },
      ],
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  prettier,
);
