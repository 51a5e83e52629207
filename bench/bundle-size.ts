import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

export interface BundleFile {
	file: string;
	/** What the file is (Vite's chunk name). */
	name: string;
	bytes: number;
	gzip: number;
	brotli: number;
}

export interface BundleSize {
	route: string;
	/** When the measured build was made, and whether sources changed since (then the figures are stale). */
	builtAt: Date;
	sourcesNewer: boolean;
	/** False while src/routes/m/[meetingId]/+page.svelte does not exist in the build. */
	boardPageBuilt: boolean;
	files: BundleFile[];
}

interface ViteChunk {
	file: string;
	name?: string;
	imports?: string[];
}

interface KitRoute {
	id: string;
	page: { layouts: (number | undefined)[]; errors: (number | undefined)[]; leaf: number } | null;
}

const OUTPUT = '.svelte-kit/output';
const BOARD_ROUTE = '/m/[meetingId]';

/**
 * The JavaScript a phone downloads to open the board page: SvelteKit's start and app entries plus
 * the route's layout and page nodes, each with everything it imports statically (modulepreloaded),
 * following Vite's client manifest. Sizes are gzip level 9 and brotli 11, as adapter-node
 * precompresses them. Lazily loaded chunks (dynamic imports) are not counted.
 */
export async function measureBundle(): Promise<BundleSize> {
	const viteManifest = JSON.parse(readFileSync(join(OUTPUT, 'client/.vite/manifest.json'), 'utf8')) as Record<string, ViteChunk>;
	const { manifest } = (await import(pathToFileURL(join(process.cwd(), OUTPUT, 'server/manifest.js')).href)) as {
		manifest: { _: { client: { start: string; app: string }; routes: KitRoute[] } };
	};
	const byFile = new Map(Object.entries(viteManifest).map(([key, chunk]) => [chunk.file, key]));
	const route = manifest._.routes.find((r) => r.id === BOARD_ROUTE && r.page);
	const nodes = route?.page ? [...route.page.layouts.filter((n) => n !== undefined), route.page.leaf] : [0];

	const roots = [
		byFile.get(manifest._.client.start),
		byFile.get(manifest._.client.app),
		...nodes.map((n) => `.svelte-kit/generated/client-optimized/nodes/${n}.js`)
	];
	const seen = new Set<string>();
	const visit = (key: string | undefined) => {
		if (!key || seen.has(key) || !viteManifest[key]) return;
		seen.add(key);
		for (const imported of viteManifest[key].imports ?? []) visit(imported);
	};
	for (const key of roots) visit(key);

	const files = [...seen]
		.map((key) => viteManifest[key])
		.filter((chunk) => chunk.file.endsWith('.js'))
		.map((chunk): BundleFile => {
			const content = readFileSync(join(OUTPUT, 'client', chunk.file));
			return {
				file: chunk.file,
				name: chunk.name ?? '',
				bytes: content.byteLength,
				gzip: gzipSync(content, { level: 9 }).byteLength,
				brotli: brotliCompressSync(content, {
					params: { [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT, [constants.BROTLI_PARAM_QUALITY]: 11 }
				}).byteLength
			};
		})
		.sort((a, b) => b.gzip - a.gzip);
	const builtAt = statSync(join(OUTPUT, 'client/.vite/manifest.json')).mtime;
	const sourcesNewer = ['src', 'messages', 'static'].some((dir) => newestChange(dir) > builtAt.getTime());
	return { route: route ? BOARD_ROUTE : '/ (root layout only)', builtAt, sourcesNewer, boardPageBuilt: !!route, files };
}

/** The newest modification time under `path` (the generated message catalogue aside). */
function newestChange(path: string): number {
	if (!existsSync(path)) return 0;
	const stat = statSync(path);
	if (!stat.isDirectory()) return stat.mtimeMs;
	return Math.max(0, ...readdirSync(path).filter((name) => name !== 'paraglide').map((name) => newestChange(join(path, name))));
}

export function buildOutputExists(): boolean {
	return existsSync(join(OUTPUT, 'client/.vite/manifest.json')) && existsSync(join(OUTPUT, 'server/manifest.js'));
}
