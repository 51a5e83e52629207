import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../../src/lib/server/db/sql';
import { createGatedDatabase, type GatedDatabase } from './gated-database';
import { pollUntil } from './harness';

// postgres.js 3.4.9 after a connection is reset, as a PostgreSQL restart or a network cut does it
// (scripts/patch-postgres.mjs, which `npm install` runs, fixes what these tests show; issue 10).
// The pools here are postgres.js's own, through a relay the test cuts: the driver itself is tested.
describe('postgres.js when PostgreSQL goes away under a connection', () => {
	let database: GatedDatabase['database'];
	let gate: GatedDatabase['gate'];
	let throughGate: string;
	const pools: postgres.Sql[] = [];
	/** A pool on the relay: one connection, so that every query shares it. */
	const pool = (options: postgres.Options<Record<string, never>> = {}) => {
		const sql = postgres(throughGate, { max: 1, onnotice: () => {}, ...options });
		pools.push(sql);
		return sql;
	};

	beforeAll(async () => {
		({ database, gate, throughGate } = await createGatedDatabase());
	});
	afterAll(async () => {
		await Promise.all(pools.map((sql) => sql.end({ timeout: 1 })));
		gate.close();
		await database.drop();
	});

	it('rejects a query sent to a connection between its socket\'s error and its close, and gives every later query its own rows', async () => {
		const sql = pool();
		const watcher = connect(database.url, { max: 1 });
		try {
			await sql`select 1`;
			const slow = sql`select pg_sleep(30), 'slow' as tag`;
			let inTheGap: Promise<unknown> | null = null;
			// Sent from the first query's rejection: the socket has failed, its close has not come yet.
			const slowFailed = slow.then(
				() => 'answered',
				(error: { code?: string }) => {
					inTheGap = sql`select 'gap' as tag`.then(
						(rows) => rows,
						(e: { code?: string }) => `rejected ${e.code}`
					);
					return `rejected ${error.code}`;
				}
			);
			await pollUntil(() => watcher`select count(*)::int as n from pg_stat_activity where query like '%pg_sleep(30)%' and state = 'active' and pid <> pg_backend_pid()`, ([row]) => row.n > 0, 'the slow query to run');
			await gate.cut();
			expect(await slowFailed).toBe('rejected ECONNRESET');
			// Before the fix it never settled, and stayed in the connection's pipeline after the reconnect.
			expect(await inTheGap).toBe('rejected CONNECTION_CLOSED');
			await gate.restore();
			const tags = await Promise.all(['c', 'd', 'e'].map((tag) => sql`select ${tag}::text as tag`.then(([row]) => row.tag)));
			expect(tags).toEqual(['c', 'd', 'e']);
		} finally {
			await gate.restore();
			await watcher.end({ timeout: 1 });
		}
	});

	it('hands a connection to a transaction that waited for one while the only connection closed and came back', async () => {
		// A fixed reconnect delay, long beside the restore right after the cut (even on a loaded
		// machine): the relay is back before the pool tries again.
		const sql = pool({ backoff: () => 2 });
		const holder = await sql.reserve();
		await holder`select 1`;
		const waiting = sql.reserve();
		await gate.cut();
		await gate.restore();
		// The waiter was taken off the queue for the reconnect and dropped when it succeeded: it waited for ever.
		const second = await waiting;
		const [row] = await second<{ n: number }[]>`select 2 as n`;
		expect(row.n).toBe(2);
		second.release();
	});

	it('rejects a query on a reserved connection whose socket has closed instead of ending the process (porsager/postgres#1208)', async () => {
		const closes: (() => void)[] = [];
		const sql = pool({ onclose: () => closes.splice(0).forEach((resolve) => resolve()) });
		const uncaught: unknown[] = [];
		const record = (error: unknown) => uncaught.push(error);
		process.on('uncaughtExceptionMonitor', record);
		try {
			const reserved = await sql.reserve();
			await reserved`select 1`;
			const closed = new Promise<void>((resolve) => closes.push(resolve));
			await gate.cut();
			await closed;
			const late = await reserved`select 2`.then(
				() => 'answered',
				(e: { code?: string }) => `rejected ${e.code}`
			);
			expect(late).toBe('rejected CONNECTION_CLOSED');
			await gate.restore();
			// Round trips of a new query: a write scheduled on the closed socket would have thrown by now.
			const [row] = await sql<{ n: number }[]>`select 3 as n`;
			expect(row.n).toBe(3);
			expect(uncaught).toEqual([]);
		} finally {
			process.off('uncaughtExceptionMonitor', record);
			await gate.restore();
		}
	});
});
