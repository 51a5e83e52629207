// `npm start` and `npm run samla` run this first: build the app when there is no build, or when the
// sources are newer. A production install (`npm ci --omit=dev`) has no build tools: it runs the
// build it was given and says what to do when there is none.
import { execSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CLI_ENTRY, SERVER_ENTRY } from './build-server.mjs';

const built = [SERVER_ENTRY, CLI_ENTRY, 'build/handler.js'];
const sources = ['src', 'server', 'messages', 'static', 'svelte.config.js', 'vite.config.ts', 'package.json'];

function newest(path) {
	if (!existsSync(path)) return 0;
	const stat = statSync(path);
	if (!stat.isDirectory()) return stat.mtimeMs;
	return Math.max(0, ...readdirSync(path).filter((n) => n !== 'paraglide').map((n) => newest(join(path, n))));
}

const missing = built.some((file) => !existsSync(file));
const stale = !missing && Math.max(...sources.map(newest)) > Math.min(...built.map((file) => statSync(file).mtimeMs));
const canBuild = existsSync('node_modules/vite') && existsSync('node_modules/esbuild');
if (missing && !canBuild) {
	console.error('Samla is not built, and this install has no build tools (npm ci --omit=dev).');
	console.error('Build it where the development dependencies are installed (`npm ci && npm run build`) and copy build/ here.');
	process.exit(1);
}
if ((missing || stale) && canBuild) {
	console.log('Building Samla …');
	execSync('npm run build', { stdio: 'inherit' });
}
