import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { appendFile, chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedPostgres } from '../../src/lib/server/db/embedded';
import { connect } from '../../src/lib/server/db/sql';
import { pollUntil, startServerProcess, startTestApp } from './harness';

// `npm start` without DATABASE_URL: Samla runs its own PostgreSQL under DATA_DIR. These tests
// start the real server process and treat it as an operator would (signals, kill -9, restarts).
// The first three share one DATA_DIR and run in order.

type Server = Awaited<ReturnType<typeof startServerProcess>>;

const exec = promisify(execFile);
const dirs: string[] = [];
const servers: Server[] = [];

async function tempDir(): Promise<string> {
	const dir = await mkdtemp(join(tmpdir(), 'samla-embedded-'));
	dirs.push(dir);
	return dir;
}

async function startSamla(dataDir: string, env: Record<string, string> = {}): Promise<Server> {
	const server = await startServerProcess({ DATABASE_URL: '', DATA_DIR: dataDir, ...env });
	servers.push(server);
	return server;
}

function exited(server: Server): Promise<number | null> {
	const child = server.process;
	if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
	return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

async function postmasterPid(dataDir: string): Promise<number> {
	return Number((await readFile(join(dataDir, 'postgres', 'postmaster.pid'), 'utf8')).split('\n')[0]);
}

function alive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}

/** Runs `fn` with a pool on the cluster of the Samla running on `dataDir` (as the CLI borrows it). */
async function withDatabase<T>(dataDir: string, fn: (sql: ReturnType<typeof connect>) => Promise<T>): Promise<T> {
	const borrowed = await startEmbeddedPostgres(dataDir, { role: 'tool' });
	const sql = connect(borrowed.url, { max: 1 });
	try {
		return await fn(sql);
	} finally {
		await sql.end({ timeout: 1 });
		await borrowed.stop();
	}
}

const processTitles = (dataDir: string) =>
	withDatabase(dataDir, async (sql) => (await sql<{ title: string }[]>`select title from processes order by title`).map((r) => r.title));

describe('the embedded PostgreSQL', () => {
	let dataDir: string;
	beforeAll(async () => {
		dataDir = await tempDir();
	});
	afterAll(async () => {
		for (const server of servers) await server.stop();
		for (const dir of dirs) await rm(dir, { recursive: true, force: true });
	});

	it('a first start creates the cluster, serves /healthz, and SIGTERM stops Samla and its PostgreSQL', async () => {
		const samla = await startSamla(dataDir);
		expect(existsSync(join(dataDir, 'postgres', 'PG_VERSION'))).toBe(true);
		const health = await fetch(`${samla.url}/healthz`);
		expect(health.status).toBe(200);
		expect(await health.json()).toMatchObject({ database: 'up' });
		await withDatabase(dataDir, (sql) => sql`insert into processes (title) values ('Survives restarts')`);

		const postgres = await postmasterPid(dataDir);
		expect(alive(postgres)).toBe(true);
		await samla.stop();
		expect(await exited(samla)).toBe(0);
		expect(alive(postgres)).toBe(false);
		expect(existsSync(join(dataDir, 'postgres', 'postmaster.pid'))).toBe(false);
	});

	it('a second start comes back with the same data', async () => {
		const samla = await startSamla(dataDir);
		expect((await fetch(`${samla.url}/healthz`)).status).toBe(200);
		expect(await processTitles(dataDir)).toEqual(['Survives restarts']);
		await samla.stop();
	});

	it('after kill -9 of Samla, the next start stops the leftover PostgreSQL and comes back with the same data', async () => {
		const samla = await startSamla(dataDir);
		const leftover = await postmasterPid(dataDir);
		samla.process.kill('SIGKILL');
		await exited(samla);
		expect(alive(leftover)).toBe(true); // PostgreSQL outlives a killed parent

		const again = await startSamla(dataDir);
		expect(alive(leftover)).toBe(false);
		expect(await postmasterPid(dataDir)).not.toBe(leftover);
		expect((await fetch(`${again.url}/healthz`)).status).toBe(200);
		expect(await processTitles(dataDir)).toEqual(['Survives restarts']);
		await again.stop();
	});

	it('a second Samla on the same DATA_DIR is refused with a clear message while the first runs', async () => {
		const first = await startSamla(dataDir);
		const second = startSamla(dataDir);
		await expect(second).rejects.toThrow(/exited with code 1[\s\S]*Samla is already running with DATA_DIR/);
		expect((await fetch(`${first.url}/healthz`)).status).toBe(200); // the first is unharmed
		await first.stop();
	});

	it('when PostgreSQL cannot start, the error shows PostgreSQL’s own reason', async () => {
		const parent = await tempDir();
		await chmod(parent, 0o755); // passable for the postgres user (Samla will not open it itself)
		const copy = join(parent, 'data');
		await exec('cp', ['-a', dataDir, copy]); // keeps the postgres user's ownership
		await appendFile(join(copy, 'postgres', 'postgresql.conf'), "\nshared_buffers = 'plenty'\n");
		const failed = startSamla(copy);
		await expect(failed).rejects.toThrow(/Samla could not start[\s\S]*invalid value for parameter "shared_buffers": "plenty"/);
		await expect(failed).rejects.not.toThrow(/undefined/);
	});
});

describe('an external PostgreSQL (DATABASE_URL)', () => {
	it('/healthz answers 503 with the database "down" within seconds of the database stopping', async () => {
		const pgDir = await mkdtemp(join(tmpdir(), 'samla-external-'));
		const postgres = await startEmbeddedPostgres(pgDir);
		const samla = await startServerProcess({ DATABASE_URL: postgres.url, DATA_DIR: join(pgDir, 'unused') });
		try {
			expect((await fetch(`${samla.url}/healthz`)).status).toBe(200);
			await postgres.stop();
			const health = await pollUntil(
				async () => {
					const response = await fetch(`${samla.url}/healthz`);
					return { status: response.status, body: (await response.json()) as unknown };
				},
				({ status }) => status !== 200,
				'/healthz to notice the stopped database',
				5000
			);
			expect(health).toEqual({ status: 503, body: { status: 'degraded', app: 'up', database: 'down' } });
		} finally {
			await samla.stop();
			await postgres.stop();
			await rm(pgDir, { recursive: true, force: true });
		}
	});

	it('with DATABASE_URL set, Samla uses it and creates no cluster under DATA_DIR', async () => {
		const dataDir = await mkdtemp(join(tmpdir(), 'samla-no-cluster-'));
		const app = await startTestApp({ DATA_DIR: dataDir });
		try {
			expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
			expect(existsSync(join(dataDir, 'postgres'))).toBe(false);
			expect(app.output()).not.toContain('Embedded PostgreSQL is running');
		} finally {
			await app.close();
			await rm(dataDir, { recursive: true, force: true });
		}
	});
});
