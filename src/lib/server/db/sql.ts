import postgres from 'postgres';
import { DatabaseTimeout } from './unavailable';

/** The one postgres.js pool type used everywhere: snake_case columns arrive as camelCase keys. */
export type Sql = postgres.Sql<Record<string, never>>;

/** What both the pool and a transaction can run: a function taking it works inside `sql.begin` too. */
export type Queries = postgres.ISql<Record<string, never>>;

/** The column a row's camelCase field is written to (the same conversion `connect`'s pools apply). */
export const columnOf: (field: string) => string = postgres.fromCamel;

/**
 * Opens a pool. Columns are converted snake_case → camelCase at this one boundary. Transactions
 * run on connections of their own (a second, smaller pool behind `sql.begin`): safeBegin needs an
 * idle connection, and on a pool shared with plain queries, which postgres.js pipelines onto busy
 * connections, none may be idle for seconds during a storm — 400 parallel ideas had their answers
 * time out that way. `sql.end()` closes both.
 */
export function connect(url: string, options: { max?: number } = {}): Sql {
	const max = options.max ?? 10;
	const open = (size: number) =>
		postgres(url, {
			max: size,
			transform: postgres.camel,
			onnotice: () => {},
			connect_timeout: 10,
			idle_timeout: 60,
			// postgres.js's own backoff, capped at 1 s instead of 20: its count of failures is shared by
			// the pool's connections, so after a PostgreSQL restart of a few seconds a pool waited up to
			// 20 s before it tried again (the fleet suite's restart saw saving resume 5 s late).
			backoff: (retries: number) => (0.5 + Math.random() / 2) * Math.min(3 ** retries / 100, 1),
			connection: { application_name: 'samla' }
		}) as unknown as Sql;
	const pool = open(max);
	const transactions = open(Math.max(1, Math.ceil(max / 2)));
	const endPool = pool.end.bind(pool);
	pool.end = (async (endOptions?: { timeout?: number }) => {
		await Promise.all([endPool(endOptions), transactions.end(endOptions)]);
	}) as Sql['end'];
	return withSafeTransactions(pool, transactions);
}

/**
 * Replaces a pool's `sql.begin` with safeBegin (see there) on connections reserved from
 * `transactions` (the pool itself unless given), on the pool itself, so that no call site can
 * reach postgres.js's own. Every pool of Samla is made by `connect`, which does this.
 */
export function withSafeTransactions<P extends Pick<Sql, 'begin' | 'reserve'>>(pool: P, transactions: Pick<Sql, 'reserve'> = pool): P {
	pool.begin = ((options: string | TransactionBody, body?: TransactionBody) =>
		safeBegin(transactions, typeof options === 'string' ? options : '', typeof options === 'string' ? body! : options)) as Sql['begin'];
	return pool;
}

type TransactionBody = (tx: postgres.TransactionSql<Record<string, never>>) => unknown;

/**
 * Errors after which a reserved connection is closed: postgres.js's own, the socket's (a reset or
 * refused connection: PostgreSQL restarted, or the network between was cut), and PostgreSQL's
 * connection exceptions (class 08) and shutdown (57P01–57P03).
 */
const CONNECTION_LOST = new Set(['CONNECTION_CLOSED', 'CONNECTION_DESTROYED', 'CONNECTION_ENDED', 'ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH']);
const connectionLost = (code: string | undefined) => !!code && (CONNECTION_LOST.has(code) || code.startsWith('08') || /^57P0[1-3]$/.test(code));

/**
 * A transaction on a connection reserved before `BEGIN` is sent.
 *
 * postgres.js 3.4's own `sql.begin` sends `BEGIN` on whichever connection the pool picks, and when
 * every connection is busy that is a busy one: `BEGIN` is pipelined behind another query, whose
 * "ready, idle" reply then hands the connection back to the pool before `BEGIN` has run. The
 * driver notices and fails the transaction with `UNSAFE_TRANSACTION: Only use sql.begin,
 * sql.reserved or max: 1` (porsager/postgres#823, #1189, #1207) — what a vote storm at N = 500
 * did once (issue 15). The connection is marked as the transaction's only when `BEGIN` is handed
 * to the socket in one go; when the send is cut short (the socket's buffer is full under load,
 * or the connection already has its pipeline full), `BEGIN` still runs but the connection stays
 * the pool's, other queries may run inside the transaction, and the driver fails it when `BEGIN`
 * completes. `sql.reserve()` marks an idle connection as taken before anything is sent, and a
 * reserved connection is never handed back by a reply, so `BEGIN`, the body and `COMMIT` run
 * alone on it, however the sends go.
 */
async function safeBegin(pool: Pick<Sql, 'reserve'>, options: string, body: TransactionBody): Promise<unknown> {
	const connection = await reserveWithin(pool, RESERVE_WAIT_MS);
	let lost = false;
	let guard: ClosedConnectionGuard | null = null;
	try {
		const begin = connection.unsafe(`begin ${options.replace(/[^a-z ]/gi, '')}`, [], {
			onexecute: (driver: DriverConnection) => {
				guard = guardClosedConnection(driver, (begin as unknown as DriverQuery).handler);
				return true;
			}
		} as postgres.UnsafeQueryOptions);
		await begin;
		let result: unknown;
		try {
			const tx = connection as unknown as postgres.TransactionSql<Record<string, never>>;
			const value = body(tx);
			result = await (Array.isArray(value) ? Promise.all(value) : value);
		} catch (error) {
			// On a connection that closed, ROLLBACK would never be answered (postgres.js queues it on
			// the dead connection for ever) — and PostgreSQL has rolled the transaction back anyway.
			if (connectionLost((error as { code?: string })?.code)) throw error;
			await connection.unsafe('rollback').catch((rollbackError: { code?: string }) => {
				if (connectionLost(rollbackError?.code)) lost = true;
			});
			throw error;
		}
		// COMMIT of a transaction a failed statement aborted reports ROLLBACK, not an error.
		const committed = await connection.unsafe('commit');
		if (committed.command !== 'COMMIT') throw new Error(`The transaction was rolled back (${committed.command}): a statement in it failed`);
		return result;
	} catch (error) {
		if (connectionLost((error as { code?: string })?.code)) lost = true;
		throw error;
	} finally {
		const closed = (guard as ClosedConnectionGuard | null)?.remove() ?? false;
		// A connection that closed is already back among the pool's closed ones (it reconnects on
		// demand); releasing it would list it as open, and the queries the pool then gave it would
		// wait for ever — after a PostgreSQL restart (ECONNRESET), every later transaction did
		// (porsager/postgres#1199: or crash the process, as below).
		if (!lost && !closed) connection.release();
	}
}

/**
 * postgres.js 3.4's connection object and query, as far as the guard below uses them (internals:
 * `onexecute` is the option the driver's own sql.begin takes its connection with).
 */
interface DriverConnection {
	execute(query: DriverQuery): boolean;
	onclose?: ((error: unknown) => void) | null;
}
interface DriverQuery extends Promise<unknown> {
	/** The handle (pool, reserved connection) the query was made on. */
	handler: unknown;
	reject(error: unknown): void;
}

interface ClosedConnectionGuard {
	/** Takes the guard off the connection; true when its socket closed while the transaction held it. */
	remove(): boolean;
}

/**
 * A statement sent on a reserved connection whose socket has closed kills the process: postgres.js
 * 3.4 sets its socket to null when it closes, and a statement sent afterwards schedules its write
 * for the next turn of the event loop, where `socket.write` throws a TypeError that no caller can
 * catch (porsager/postgres#1208, #1154, #1066; fixes proposed in #1168 and #1209, not released as of
 * 3.4.9). A reserved connection is not taken away from its holder when it closes, so during a
 * PostgreSQL restart or a network cut every transaction whose connection closed between two of its
 * statements — while its body awaited something else, or before COMMIT or ROLLBACK — would take
 * the instance down (a fleet test's relay cut did; tests/integration/transactions.test.ts).
 *
 * scripts/patch-postgres.mjs fixes this in the driver itself (`npm install` runs it); the guard
 * stays, so that a driver installed without it cannot take the process down this way either.
 *
 * The guard hooks the driver's own close notification (`onclose`, which its sql.begin uses too)
 * and puts a check in front of the connection's `execute`: once the socket closed, a statement of
 * this transaction is rejected with CONNECTION_CLOSED instead of being written, and statements it
 * had sent that the driver will not settle (those queued between the socket's error and its close)
 * are rejected too. Statements of anyone else on the same connection object — the pool reconnects
 * it for other queries — pass untouched. Removed when the transaction ends.
 */
function guardClosedConnection(driver: DriverConnection, ours: unknown): ClosedConnectionGuard {
	const execute = driver.execute;
	const sent = new Set<DriverQuery>();
	let closed = false;
	const closedError = () => Object.assign(new Error('The connection to PostgreSQL closed during the transaction'), { code: 'CONNECTION_CLOSED' });
	const onclose = () => {
		closed = true;
		for (const query of sent) query.reject(closedError());
		sent.clear();
	};
	const guarded = (query: DriverQuery): boolean => {
		if (query.handler !== ours) return execute(query);
		if (closed) {
			query.reject(closedError());
			return true;
		}
		sent.add(query);
		const settled = () => void sent.delete(query);
		// Promise.prototype.then: the driver's Query#then would (harmlessly) try to execute it again.
		Promise.prototype.then.call(query, settled, settled);
		return execute(query);
	};
	driver.execute = guarded;
	driver.onclose = onclose;
	return {
		remove() {
			if (driver.execute === guarded) driver.execute = execute;
			if (driver.onclose === onclose) driver.onclose = null;
			return closed;
		}
	};
}

/**
 * How long a transaction waits for a connection of its own. postgres.js 3.4's `reserve()` lost
 * waiters while PostgreSQL refused connections (a restart, a network cut): neither resolved nor
 * rejected, ever — and a meeting's ideas are recorded one at a time, so every later idea of that
 * meeting waited behind it for good (found by the fleet suite's PostgreSQL restart). The driver is
 * patched for that at install (scripts/patch-postgres.mjs); this bound stays for whatever else may
 * hold a waiter: past it the transaction fails as PostgreSQL being unreachable (UNAVAILABLE).
 */
const RESERVE_WAIT_MS = 10_000;

/** `pool.reserve()`, or a DatabaseTimeout after `ms`; a connection reserved after that is released at once. */
function reserveWithin(pool: Pick<Sql, 'reserve'>, ms: number): Promise<postgres.ReservedSql<Record<string, never>>> {
	return new Promise((resolve, reject) => {
		let late = false;
		const timer = setTimeout(() => {
			late = true;
			reject(new DatabaseTimeout(ms));
		}, ms);
		pool.reserve().then(
			(connection) => {
				clearTimeout(timer);
				if (late) connection.release();
				else resolve(connection);
			},
			(error: unknown) => {
				clearTimeout(timer);
				if (!late) reject(error instanceof Error ? error : new Error(String(error)));
			}
		);
	});
}
