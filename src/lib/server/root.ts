import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Samla's own folder (the one with package.json), found from this module's place: the same answer
 * whether it runs from source (tests, `npm run dev`), inside the SvelteKit build or inside the
 * compiled server in build/app. Data files that ship with the source (migrations, reference lists,
 * the demo process) are read from there, so the compiled server needs no copies of them.
 */
function findRoot(from: string): string {
	for (let dir = from; ; dir = dirname(dir)) {
		if (existsSync(join(dir, 'package.json'))) return dir;
		if (dirname(dir) === dir) throw new Error(`Samla's folder (with package.json) not found above ${from}`);
	}
}

export const SAMLA_ROOT = findRoot(dirname(fileURLToPath(import.meta.url)));

/** A path inside Samla's folder, e.g. `samlaFile('build/handler.js')`. */
export function samlaFile(path: string): string {
	return join(SAMLA_ROOT, path);
}
