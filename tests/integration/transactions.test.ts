import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, withSafeTransactions, type Sql } from '../../src/lib/server/db/sql';
import { createGatedDatabase, type GatedDatabase } from './gated-database';
import { createTestDatabase } from './harness';

// Issue 15: under a vote storm a vote once failed with postgres.js's UNSAFE_TRANSACTION. The cause
// is the driver's own sql.begin: it marks the connection as the transaction's only when BEGIN was
// sent in one go, and under load (a full socket buffer, a full pipeline) the send is cut short
// (porsager/postgres#823, #1207, #1210). Samla's pools replace sql.begin (sql.ts). The driver's
// `max_pipeline: 0` cuts every send short, which makes the race certain instead of rare.

/** Transactions while the pool is saturated by other queries; returns the error codes seen. */
async function storm(sql: Sql): Promise<{ errors: string[]; committed: number }> {
	await sql`create table if not exists storm (id serial primary key, n int not null)`;
	await sql`truncate storm`;
	const errors: string[] = [];
	let committed = 0;
	// Waves: other queries occupy every connection, then transactions start while they run.
	const work: Promise<unknown>[] = [];
	for (let wave = 0; wave < 20; wave++) {
		for (let i = 0; i < 6; i++) work.push(sql`select pg_sleep(0.002)`);
		await new Promise((resolve) => setImmediate(resolve));
		for (let i = 0; i < 10; i++) {
			const n = wave * 10 + i;
			work.push(
				sql
					.begin(async (tx) => {
						await tx`insert into storm (n) values (${n})`;
						await tx`update storm set n = n + 1 where n = ${n}`;
					})
					.then(
						() => void committed++,
						(error: { code?: string }) => void errors.push(error.code ?? String(error))
					)
			);
		}
	}
	await Promise.all(work);
	return { errors, committed };
}

/** The driver's option exists (connection.js) but is missing from its typings. */
const cutShort = { max: 3, max_pipeline: 0, onnotice: () => {} } as postgres.Options<Record<string, never>>;
/** A pool straight from postgres.js, its own sql.begin in place (typed as connect() types its pools). */
const rawPool = (url: string) => postgres(url, cutShort) as unknown as Sql;

describe('transactions while every pooled connection is busy', () => {
	let database: Awaited<ReturnType<typeof createTestDatabase>>;
	beforeAll(async () => {
		database = await createTestDatabase();
	});
	afterAll(async () => {
		await database.drop();
	});

	it("all commit through Samla's pool, each exactly once", async () => {
		const sql = connect(database.url, { max: 3 });
		try {
			const { errors, committed } = await storm(sql);
			expect(errors).toEqual([]);
			expect(committed).toBe(200);
			const [row] = await sql<{ rows: number; bumped: number }[]>`select count(*)::int as rows, count(*) filter (where n > 0)::int as bumped from storm`;
			expect(row.rows).toBe(200);
		} finally {
			await sql.end();
		}
	});

	it("fail with UNSAFE_TRANSACTION through postgres.js's own sql.begin when a send is cut short (the cause)", async () => {
		const raw = rawPool(database.url);
		try {
			const { errors } = await storm(raw);
			expect(errors).toContain('UNSAFE_TRANSACTION');
		} finally {
			await raw.end({ timeout: 1 });
		}
	});

	it('all commit through the same driver once sql.begin is replaced as on every Samla pool, even when every send is cut short', async () => {
		const raw = withSafeTransactions(rawPool(database.url));
		try {
			const { errors, committed } = await storm(raw);
			expect(errors).toEqual([]);
			expect(committed).toBe(200);
		} finally {
			await raw.end({ timeout: 1 });
		}
	});

	it('a transaction whose statement failed but whose body went on is reported as failed, not committed', async () => {
		const sql = connect(database.url, { max: 2 });
		try {
			await sql`create table if not exists swallowed (id int primary key)`;
			const attempt = sql.begin(async (tx) => {
				await tx`insert into swallowed values (1)`;
				await tx`insert into swallowed values (1)`.catch(() => undefined);
			});
			await expect(attempt).rejects.toThrow(/rolled back/);
			const rows = await sql`select * from swallowed`;
			expect(rows).toHaveLength(0);
		} finally {
			await sql.end();
		}
	});
});

// A statement sent on a reserved connection after its socket closed is written from a setImmediate
// to a socket postgres.js has set to null: an uncaught TypeError that ends the process
// (porsager/postgres#1208). A fleet test's PostgreSQL cut did it; Samla's transactions guard it (sql.ts).
describe('a transaction whose connection to PostgreSQL is cut while it runs', () => {
	let database: GatedDatabase['database'];
	let gate: GatedDatabase['gate'];
	let throughGate: string;
	beforeAll(async () => {
		({ database, gate, throughGate } = await createGatedDatabase());
	});
	afterAll(async () => {
		gate.close();
		await database.drop();
	});

	/**
	 * A pool as Samla's (sql.begin replaced), on the relay, that says when a connection's socket
	 * closed (the driver's `onclose` option, missing from its typings).
	 */
	function poolTellingCloses() {
		const closes: (() => void)[] = [];
		const pool = withSafeTransactions(
			postgres(throughGate, { max: 2, onnotice: () => {}, onclose: () => closes.splice(0).forEach((resolve) => resolve()) } as postgres.Options<Record<string, never>>) as unknown as Sql
		);
		return { pool, nextClose: () => new Promise<void>((resolve) => closes.push(resolve)) };
	}

	const shapes = {
		'its next statement': async (tx: postgres.TransactionSql<Record<string, never>>) => {
			await tx`select 2`;
		},
		'its COMMIT': async () => {},
		'its ROLLBACK after the body failed': async () => {
			throw new Error('the body failed');
		}
	};

	it.each(Object.keys(shapes) as (keyof typeof shapes)[])('fails, without taking the process down, when the socket closed before %s; the pool commits the next transaction once PostgreSQL is back', async (shape) => {
		const { pool, nextClose } = poolTellingCloses();
		const uncaught: unknown[] = [];
		const record = (error: unknown) => uncaught.push(error);
		process.on('uncaughtExceptionMonitor', record);
		try {
			const attempt = pool.begin(async (tx) => {
				await tx`select 1`;
				const closed = nextClose();
				await gate.cut();
				await closed;
				await shapes[shape](tx);
			});
			const error = await attempt.then(
				() => null,
				(e: { code?: string; message?: string }) => e
			);
			expect(error?.code ?? error?.message).toMatch(shape.includes('ROLLBACK') ? /the body failed/ : /CONNECTION_CLOSED/);
			await gate.restore();
			// The next transaction's round trips take turns of the event loop: a write the driver had
			// scheduled on the closed socket would have thrown by then.
			const [row] = await pool.begin(async (tx) => tx<{ n: number }[]>`select 3 as n`);
			expect(row.n).toBe(3);
			expect(uncaught).toEqual([]);
		} finally {
			process.off('uncaughtExceptionMonitor', record);
			await gate.restore();
			await pool.end({ timeout: 1 });
		}
	});
});
