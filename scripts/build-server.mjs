// `npm run build`, after `vite build`: compiles server/ (the composition root, realtime, CLI) to
// plain JavaScript in build/app, so `npm start` runs `node` with no TypeScript loader in the way.
// Packages stay external: production reads them from node_modules (`npm ci --omit=dev` is enough).
/** What `npm start` and `npm run samla` run. */
export const SERVER_ENTRY = 'build/app/main.js';
export const CLI_ENTRY = 'build/app/cli.js';
/**
 * The flags `node` runs the server with, wherever it is started (`npm start`, the tests' and the
 * bench's servers, the fleet script, Playwright's web server), so that what is tested and measured
 * is what runs.
 *
 * `--no-memory-reducer`: V8's memory reducer starts full collections that shrink the heap whenever
 * it judges the allocation rate low, which at a meeting's pace (20 moves a second to 500 boards)
 * it does; each drops optimised code that is compiled again right after. Over eight windows of the
 * relay bench (issue 15) Samla's later windows then cost more than its first (helper threads
 * 0.39–0.58 s, against 0.24 s without the reducer; the ratio 1.10–1.23 ×, against 1.05–1.09 ×). A
 * server keeps the heap it grew to until the next ordinary collection instead; memory after a
 * collection is the same (190–194 MB with 5 000 idle participants either way). It is a
 * command-line flag only: V8 reads it when the heap is set up, and Node refuses it in NODE_OPTIONS.
 */
export const SERVER_NODE_FLAGS = ['--no-memory-reducer'];
/** What `node` is given to run the server: its flags, then the entry. */
export const SERVER_ARGS = [...SERVER_NODE_FLAGS, SERVER_ENTRY];

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
