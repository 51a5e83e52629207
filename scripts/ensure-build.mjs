// `npm start` runs this first: build the app when there is no build, or when the sources are newer.
import { execSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const built = 'build/handler.js';
const sources = ['src', 'messages', 'static', 'svelte.config.js', 'vite.config.ts', 'package.json'];

function newest(path) {
	if (!existsSync(path)) return 0;
	const stat = statSync(path);
	if (!stat.isDirectory()) return stat.mtimeMs;
	return Math.max(0, ...readdirSync(path).filter((n) => n !== 'paraglide').map((n) => newest(join(path, n))));
}

if (!existsSync(built) || Math.max(...sources.map(newest)) > statSync(built).mtimeMs) {
	console.log('Building Samla …');
	execSync('npx vite build', { stdio: 'inherit' });
}
