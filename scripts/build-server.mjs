// `npm run build`, after `vite build`: compiles server/ (the composition root, realtime, CLI) to
// plain JavaScript in build/app, so `npm start` runs `node` with no TypeScript loader in the way.
// Packages stay external: production reads them from node_modules (`npm ci --omit=dev` is enough).
/** What `npm start` and `npm run samla` run. */
export const SERVER_ENTRY = 'build/app/main.js';
export const CLI_ENTRY = 'build/app/cli.js';

export async function buildServer() {
	// Imported here: a production install runs ensure-build.mjs, which reads the names above, without esbuild.
	const { build } = await import('esbuild');
	await build({
		entryPoints: { main: 'server/main.ts', cli: 'server/cli.ts' },
		outdir: 'build/app',
		bundle: true,
		packages: 'external',
		platform: 'node',
		format: 'esm',
		target: 'node20.19',
		splitting: true,
		chunkNames: 'chunks/[name]-[hash]',
		sourcemap: true,
		logLevel: 'warning'
	});
}

if (import.meta.url === `file://${process.argv[1]}`) await buildServer();
