import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, inject } from 'vitest';
import { SERVER_ARGS } from '../../scripts/build-server.mjs';
import { ManualClock } from '../../src/lib/engine/clock';
import { parseConfig } from '../../src/lib/server/config';
import { connect, type Sql } from '../../src/lib/server/db/sql';
import type { Logger } from '../../src/lib/server/log';
import type { FaultHook } from '../../server/meeting/phase-change';
import { startSamla } from '../../server/samla';

/** A fresh, empty database in the run's PostgreSQL; dropped by `drop()`. */
export async function createTestDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
	const adminUrl = inject('adminDatabaseUrl');
	const name = `samla_test_${randomBytes(6).toString('hex')}`;
	const admin = connect(adminUrl, { max: 1 });
	await admin.unsafe(`create database ${name}`);
	await admin.end();
	const url = new URL(adminUrl);
	url.pathname = `/${name}`;
	return {
		url: url.toString(),
		async drop() {
			const admin = connect(adminUrl, { max: 1 });
			await admin.unsafe(`drop database if exists ${name} with (force)`);
			await admin.end();
		}
	};
}

export interface TestApp {
	/** e.g. http://127.0.0.1:41234 */
	url: string;
	/** A pool on the app's database, for arranging and inspecting state. */
	sql: Sql;
	databaseUrl: string;
	process: ChildProcess;
	/** Everything the server printed so far. */
	output(): string;
	close(): Promise<void>;
}

/**
 * The built app as `npm start` runs it, in its own process on a free port with its own database.
 * Tests talk to it over HTTP and WebSockets only, as any client would.
 */
export async function startTestApp(env: Record<string, string> = {}): Promise<TestApp> {
	const database = await createTestDatabase();
	const child = await startServerProcess({ DATABASE_URL: database.url, ...env });
	const sql = connect(database.url, { max: 4 });
	return {
		...child,
		sql,
		databaseUrl: database.url,
		async close() {
			await child.stop();
			await sql.end({ timeout: 1 });
			await database.drop();
		}
	};
}

export interface InProcessApp {
	/** e.g. http://127.0.0.1:41234 */
	url: string;
	/** A pool on the app's database, for arranging and inspecting state. */
	sql: Sql;
	databaseUrl: string;
	/** The server's clock: its timers and scheduled broadcasts run when the test advances it. */
	clock: ManualClock;
	/** Everything the server logged so far. */
	output(): string;
	/** Stops the server as `npm start` does on SIGTERM; drops the database when it made it. */
	close(): Promise<void>;
}

/**
 * The app's composition root (startSamla, as `npm start` runs it: the built SvelteKit app, realtime,
 * the services) in the test's own process, on a free port, with a ManualClock — for tests where the
 * process boundary is not the point and time is: a timer runs out when the test advances the clock
 * past it, not after a wait or an UPDATE of timer_ends_at. The clock starts at the machine's time
 * (PostgreSQL's, which sets timer ends). Its own database unless `databaseUrl` is given (a restart).
 * One at a time per test file: the routes find the services of the one started last.
 */
export async function startInProcessApp(options: { databaseUrl?: string; clock?: ManualClock; faults?: FaultHook } = {}): Promise<InProcessApp> {
	const database = options.databaseUrl ? null : await createTestDatabase();
	const databaseUrl = options.databaseUrl ?? database!.url;
	const clock = options.clock ?? new ManualClock(Date.now());
	let output = '';
	const log: Logger = {
		info: (message) => void (output += `${message}\n`),
		debug: () => {},
		error: (message, error) => void (output += `${message}${error === undefined ? '' : ` — ${String(error)}`}\n`)
	};
	const config = parseConfig({ DATABASE_URL: databaseUrl, PORT: '0', HOST: '127.0.0.1', SAMLA_LOG: 'info' });
	const samla = await startSamla(config, log, { clock, faults: options.faults });
	const sql = connect(databaseUrl, { max: 4 });
	return {
		url: samla.url,
		sql,
		databaseUrl,
		clock,
		output: () => output,
		async close() {
			await samla.close();
			await sql.end({ timeout: 1 });
			await database?.drop();
		}
	};
}

/** One in-process app (startInProcessApp) for the enclosing suite; see useTestApp. */
export function useInProcessApp(): InProcessApp {
	return forTheSuite(() => startInProcessApp(), 'The in-process app');
}

/**
 * One app for the enclosing suite: started before its tests and closed after them. The fields read
 * the running app, so use them inside tests and hooks (hooks registered later run after the start).
 */
export function useTestApp(env: Record<string, string> = {}): TestApp {
	return forTheSuite(() => startTestApp(env), 'The test app');
}

/** `start()`ed before the suite's tests and closed after them; its fields read the running one. */
function forTheSuite<T extends { close(): Promise<void> }>(start: () => Promise<T>, what: string): T {
	let running: T | undefined;
	beforeAll(async () => {
		running = await start();
	});
	afterAll(() => running?.close());
	return new Proxy({} as T, {
		get(_, field) {
			if (!running) throw new Error(`${what} is not running: use it inside a test or a hook.`);
			return Reflect.get(running, field);
		}
	});
}

/** Spawns the compiled server as `npm start` runs it, and resolves once it says where it listens. */
export async function startServerProcess(env: Record<string, string>) {
	const child = spawn(process.execPath, SERVER_ARGS, {
		env: { ...process.env, PORT: '0', HOST: '127.0.0.1', SAMLA_LOG: 'info', ...env },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let output = '';
	child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
	child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
	const url = await new Promise<string>((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error(`Samla did not start in time:\n${output}`)), 30_000);
		const onData = () => {
			const match = /Samla is running at (http:\/\/\S+)/.exec(output);
			if (match) {
				clearTimeout(timer);
				child.stdout!.off('data', onData);
				resolve(match[1]);
			}
		};
		child.stdout!.on('data', onData);
		child.once('exit', (code) => {
			clearTimeout(timer);
			reject(new Error(`Samla exited with code ${code} during start:\n${output}`));
		});
	});
	return {
		url,
		process: child,
		output: () => output,
		stop: () =>
			new Promise<void>((resolve) => {
				if (child.exitCode !== null || child.signalCode !== null) return resolve();
				child.once('exit', () => resolve());
				child.kill('SIGTERM');
			})
	};
}

/**
 * Reads `read()` until `done` holds (every 100 ms, for at most `ms`): for state that is reached
 * through something the test cannot subscribe to (a log line, a table, a mail server's inbox).
 */
export async function pollUntil<T>(read: () => Promise<T> | T, done: (value: T) => boolean, what: string, ms = 10_000): Promise<T> {
	const deadline = Date.now() + ms;
	for (;;) {
		const value = await read();
		if (done(value)) return value;
		if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}: ${JSON.stringify(value)}`);
		await new Promise((r) => setTimeout(r, 100));
	}
}

/** The texts of idea `noteId` in the theme-input tables (theme_ideas), once the projection has it. */
export async function projectedIdea(sql: Sql, meetingId: string, noteId: string): Promise<{ text: string }[]> {
	const rows = await pollUntil(
		() => sql<{ text: string }[]>`select text from theme_ideas where meeting_id = ${meetingId} and note_id = ${noteId}`,
		(found) => found.length > 0,
		'the idea in theme_ideas'
	);
	return [...rows];
}
