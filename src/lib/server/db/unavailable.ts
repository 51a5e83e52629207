/**
 * Whether an error means PostgreSQL cannot be reached now (a connection refused, cut or timed out,
 * the server shutting down or refusing connections), as opposed to a bug. Callers answer these
 * with the documented `UNAVAILABLE` (503 over HTTP): the client retries later.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
	if (error instanceof DatabaseTimeout) return true;
	if (typeof error !== 'object' || error === null) return false;
	const code = (error as { code?: unknown }).code;
	if (typeof code !== 'string') return false;
	return (
		NETWORK_CODES.has(code) ||
		// SQLSTATE class 08: connection exception; 57P01–57P03: shutting down, cannot connect now.
		code.startsWith('08') ||
		/^57P0[1-3]$/.test(code) ||
		// 53300 too many connections; 55000 e.g. "database does not allow connections".
		code === '53300' ||
		code === '55000'
	);
}

// postgres.js's own codes, and Node's socket errors it passes on.
const NETWORK_CODES = new Set([
	'CONNECT_TIMEOUT',
	'CONNECTION_CLOSED',
	'CONNECTION_ENDED',
	'CONNECTION_DESTROYED',
	'ECONNREFUSED',
	'ECONNRESET',
	'EHOSTUNREACH',
	'ENETUNREACH',
	'ENOTFOUND',
	'EPIPE',
	'ETIMEDOUT'
]);

/** PostgreSQL did not answer within the time a command may wait. */
export class DatabaseTimeout extends Error {
	constructor(ms: number) {
		super(`PostgreSQL did not answer within ${ms} ms`);
	}
}

/**
 * `promise`, or a DatabaseTimeout after `ms`: a command answers fast during an outage instead of
 * waiting for postgres.js's connect timeout and reconnect backoff. (The query itself goes on; its
 * late result is dropped.)
 */
export function withinMs<T>(promise: Promise<T>, ms: number): Promise<T> {
	let timer: ReturnType<typeof setTimeout>;
	const timeout = new Promise<never>((_, reject) => {
		timer = setTimeout(() => reject(new DatabaseTimeout(ms)), ms);
	});
	promise.catch(() => undefined);
	return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
