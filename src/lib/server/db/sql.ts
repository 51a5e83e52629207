import postgres from 'postgres';

/** The one postgres.js pool type used everywhere: snake_case columns arrive as camelCase keys. */
export type Sql = postgres.Sql<Record<string, never>>;

/** What both the pool and a transaction can run: a function taking it works inside `sql.begin` too. */
export type Queries = postgres.ISql<Record<string, never>>;

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

const CONNECTION_LOST = new Set(['CONNECTION_CLOSED', 'CONNECTION_DESTROYED', 'CONNECTION_ENDED']);

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
	const connection = await pool.reserve();
	let lost = false;
	try {
		await connection.unsafe(`begin ${options.replace(/[^a-z ]/gi, '')}`);
		let result: unknown;
		try {
			const tx = connection as unknown as postgres.TransactionSql<Record<string, never>>;
			const value = body(tx);
			result = await (Array.isArray(value) ? Promise.all(value) : value);
		} catch (error) {
			await connection.unsafe('rollback').catch((rollbackError: { code?: string }) => {
				if (CONNECTION_LOST.has(rollbackError?.code ?? '')) lost = true;
			});
			throw error;
		}
		// COMMIT of a transaction a failed statement aborted reports ROLLBACK, not an error.
		const committed = await connection.unsafe('commit');
		if (committed.command !== 'COMMIT') throw new Error(`The transaction was rolled back (${committed.command}): a statement in it failed`);
		return result;
	} catch (error) {
		if (CONNECTION_LOST.has((error as { code?: string })?.code ?? '')) lost = true;
		throw error;
	} finally {
		// A connection that closed is already back among the pool's closed ones (it reconnects on
		// demand); releasing it would list it as open.
		if (!lost) connection.release();
	}
}
