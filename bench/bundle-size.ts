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

/** What one kind of visitor's board page downloads: the page itself, then the chunks it fetches. */
export interface RoleBundle {
	role: string;
	/** Gzip bytes of the page's modulepreloaded JavaScript (what the budget counts). */
	page: number;
	/** Gzip bytes of the chunks the page then fetches for this visitor, beyond the page. */
	lazy: number;
	/** Which lazily loaded modules that is. */
	chunks: string[];
}

export interface BundleSize {
	route: string;
	/** Per role (participant by phase, moderator, projector). */
	roles: RoleBundle[];
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
const PROJECTOR_ROUTE = '/projector/[meetingId]';
const BOARD = 'src/lib/components/board';

/**
 * The chunks each visitor of the board page fetches after the page itself (see LiveBoard.svelte
 * and the board route's +page.ts): everyone the presence panel; then by role and phase.
 */
const LAZY: { role: string; route: string; chunks: string[] }[] = [
	{ role: 'participant, writing ideas', route: BOARD_ROUTE, chunks: [`${BOARD}/PresencePanel.svelte`] },
	{ role: 'participant, grouping (everyone may group)', route: BOARD_ROUTE, chunks: [`${BOARD}/PresencePanel.svelte`, `${BOARD}/grouping-tools.ts`] },
	{ role: 'participant, voting', route: BOARD_ROUTE, chunks: [`${BOARD}/PresencePanel.svelte`, `${BOARD}/vote-tools.ts`] },
	{ role: 'participant, results and ranking', route: BOARD_ROUTE, chunks: [`${BOARD}/PresencePanel.svelte`, `${BOARD}/vote-tools.ts`, `${BOARD}/outcome.ts`] },
	{
		role: 'moderator, grouping',
		route: BOARD_ROUTE,
		chunks: [
			`${BOARD}/moderator-tools.ts`,
			`${BOARD}/CategoriesLink.svelte`,
			`${BOARD}/PresencePanel.svelte`,
			`${BOARD}/grouping-tools.ts`,
			`${BOARD}/SuggestGroups.svelte`
		]
	},
	{ role: 'projector', route: PROJECTOR_ROUTE, chunks: [] }
];

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

	/** The keys of `roots` and of everything they import statically. */
	const closure = (roots: (string | undefined)[], seen = new Set<string>()) => {
		const visit = (key: string | undefined) => {
			if (!key || seen.has(key) || !viteManifest[key]) return;
			seen.add(key);
			for (const imported of viteManifest[key].imports ?? []) visit(imported);
		};
		for (const key of roots) visit(key);
		return seen;
	};
	/** The modulepreloaded JavaScript of a route's page: start and app entries, layouts and leaf. */
	const pageKeys = (routeId: string) => {
		const found = manifest._.routes.find((r) => r.id === routeId && r.page);
		const nodes = found?.page ? [...found.page.layouts.filter((n) => n !== undefined), found.page.leaf] : [0];
		return closure([
			byFile.get(manifest._.client.start),
			byFile.get(manifest._.client.app),
			...nodes.map((n) => `.svelte-kit/generated/client-optimized/nodes/${n}.js`)
		]);
	};
	const measured = new Map<string, BundleFile>();
	const measure = (key: string): BundleFile => {
		const known = measured.get(key);
		if (known) return known;
		const chunk = viteManifest[key];
		const content = readFileSync(join(OUTPUT, 'client', chunk.file));
		const file: BundleFile = {
			file: chunk.file,
			name: chunk.name ?? '',
			bytes: content.byteLength,
			gzip: gzipSync(content, { level: 9 }).byteLength,
			brotli: brotliCompressSync(content, {
				params: { [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT, [constants.BROTLI_PARAM_QUALITY]: 11 }
			}).byteLength
		};
		measured.set(key, file);
		return file;
	};
	const gzipOf = (keys: Iterable<string>) => [...keys].filter((key) => viteManifest[key].file.endsWith('.js')).reduce((sum, key) => sum + measure(key).gzip, 0);

	const seen = pageKeys(BOARD_ROUTE);
	const files = [...seen]
		.filter((key) => viteManifest[key].file.endsWith('.js'))
		.map(measure)
		.sort((a, b) => b.gzip - a.gzip);
	const roles = LAZY.filter((r) => manifest._.routes.some((route) => route.id === r.route && route.page)).map((r): RoleBundle => {
		const page = pageKeys(r.route);
		const all = closure(r.chunks, new Set(page));
		return { role: r.role, page: gzipOf(page), lazy: gzipOf([...all].filter((key) => !page.has(key))), chunks: r.chunks.map((c) => c.split('/').pop()!) };
	});
	const builtAt = statSync(join(OUTPUT, 'client/.vite/manifest.json')).mtime;
	const sourcesNewer = ['src', 'messages', 'static'].some((dir) => newestChange(dir) > builtAt.getTime());
	return { route: route ? BOARD_ROUTE : '/ (root layout only)', roles, builtAt, sourcesNewer, boardPageBuilt: !!route, files };
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
