import { sveltekit } from '@sveltejs/kit/vite';
import { paraglideVitePlugin } from '@inlang/paraglide-js';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';

/**
 * `npm run dev`: the same composition as production on Vite's own HTTP server — one database
 * pool and one set of services, socket.io and the /yjs upgrade route beside hot reload.
 */
function samlaRealtime(): Plugin {
	let close: (() => Promise<void>) | undefined;
	return {
		name: 'samla-realtime',
		apply: 'serve',
		async configureServer(server) {
			if (!server.httpServer) return; // middleware mode (vitest): nothing to attach to
			const { startDevServices } = await server.ssrLoadModule('/server/dev.ts');
			close = await startDevServices(server.httpServer);
		},
		// Vite awaits this in server.close(), before it exits on SIGTERM: PostgreSQL stops first.
		async closeBundle() {
			await close?.();
		}
	};
}

export default defineConfig({
	plugins: [
		// Vitest needs no message compilation (`npm install` compiles the catalogue; the build recompiles
		// it), and the compiler's open file handles would keep the test process alive.
		!process.env.VITEST &&
			paraglideVitePlugin({
				project: './project.inlang',
				outdir: './src/lib/paraglide',
				// A chosen language (the cookie) first, then the browser's (Accept-Language on the server,
				// navigator.languages in the page), then Swedish.
				strategy: ['cookie', 'preferredLanguage', 'baseLocale'],
				cookieName: 'samla_locale'
			}),
		sveltekit(),
		samlaRealtime()
	],
	test: {
		projects: [
			{
				extends: true,
				test: { name: 'unit', include: ['src/**/*.test.ts', 'server/**/*.test.ts'], environment: 'node' }
			},
			{
				extends: true,
				test: {
					name: 'integration',
					include: ['tests/integration/**/*.test.ts'],
					environment: 'node',
					globalSetup: ['tests/integration/global-setup.ts'],
					testTimeout: 30_000,
					hookTimeout: 60_000,
					fileParallelism: false
				}
			},
			{
				// Several instances behind HAProxy over Redis (issue 10); skipped where either is missing.
				extends: true,
				test: {
					name: 'fleet',
					include: ['tests/fleet/**/*.test.ts'],
					environment: 'node',
					globalSetup: ['tests/integration/global-setup.ts'],
					testTimeout: 60_000,
					hookTimeout: 60_000,
					fileParallelism: false
				}
			}
		]
	}
});
