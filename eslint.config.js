import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

export default ts.config(
	{ ignores: ['build/', '.svelte-kit/', 'node_modules/', 'src/lib/paraglide/', 'test-results/', 'test-reports/', 'playwright-report/', 'data/'] },
	js.configs.recommended,
	...ts.configs.recommended,
	...svelte.configs.recommended,
	{ languageOptions: { globals: { ...globals.browser, ...globals.node } } },
	{
		files: ['**/*.svelte', '**/*.svelte.ts'],
		languageOptions: { parserOptions: { projectService: true, extraFileExtensions: ['.svelte'], parser: ts.parser, svelteConfig } }
	},
	{
		rules: {
			'@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
			'no-undef': 'off',
			// Samla is served at the root of its origin; there is no base path to resolve.
			'svelte/no-navigation-without-resolve': 'off'
		}
	},
	{
		// The board page's JavaScript (≤ 100 KB gzipped, issue 3): no zod in the browser. The server
		// validates with zod; the page reads the board through board/read.ts and board/records.ts.
		files: ['src/lib/client/**', 'src/lib/components/board/**', 'src/routes/m/**/*.svelte', 'src/lib/board/read.ts', 'src/lib/board/records.ts'],
		ignores: ['**/*.test.ts'],
		rules: {
			'@typescript-eslint/no-restricted-imports': [
				'error',
				{
					patterns: [
						{
							regex: '^zod$|/board/(board|schema)$|/protocol/commands$',
							allowTypeImports: true,
							message: 'Pulls zod into the board page: import types only, or use board/read.ts and board/records.ts.'
						}
					]
				}
			]
		}
	},
	{
		// Every pool comes from connect() in db/sql.ts, which replaces postgres.js's sql.begin (its
		// UNSAFE_TRANSACTION race under load, issue 15). A pool made elsewhere would bring it back.
		files: ['src/lib/server/**', 'src/**/*.server.ts', 'src/**/+server.ts', 'server/**', 'bench/**', 'scripts/**'],
		ignores: ['src/lib/server/db/sql.ts'],
		rules: {
			'@typescript-eslint/no-restricted-imports': [
				'error',
				{ paths: [{ name: 'postgres', allowTypeImports: true, message: 'Open pools with connect() from $lib/server/db/sql: it makes sql.begin safe under load.' }] }
			]
		}
	}
);
