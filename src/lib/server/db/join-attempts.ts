import { clientKeyHasher } from './client-keys';
import type { Sql } from './sql';

// A light brake on guessing join codes. Attempts are counted per browser (the anonymous
// samla_client cookie) and per network address, in 5-minute buckets of which the last two count,
// so a burst across a bucket boundary is still caught. The address limit is generous
// because a whole municipality may reach Samla through one address; it catches a guesser who
// throws the cookie away. Counts live in PostgreSQL so that every instance sees them.

export const JOIN_ATTEMPT_BUCKET_MS = 5 * 60 * 1000;
const BUCKETS_COUNTED = 2;
export const JOIN_ATTEMPT_LIMITS = { client: 10, ip: 100 } as const;

/** Who is trying codes: the samla_client cookie value and the client's IP address. */
export interface JoinAttemptSource {
	clientId: string | null;
	ip: string | null;
}

function bucketStart(now: Date): Date {
	return new Date(Math.floor(now.getTime() / JOIN_ATTEMPT_BUCKET_MS) * JOIN_ATTEMPT_BUCKET_MS);
}

function oldestCountedBucket(now: Date): Date {
	return new Date(bucketStart(now).getTime() - (BUCKETS_COUNTED - 1) * JOIN_ATTEMPT_BUCKET_MS);
}

/** The stored keys: HMAC-SHA-256 with a per-database secret, so no address or cookie value is stored. */
async function keysOf(sql: Sql, source: JoinAttemptSource): Promise<{ key: string; limit: number }[]> {
	const hash = await clientKeyHasher(sql);
	const keys: { key: string; limit: number }[] = [];
	if (source.clientId) keys.push({ key: hash('client', source.clientId), limit: JOIN_ATTEMPT_LIMITS.client });
	if (source.ip) keys.push({ key: hash('ip', source.ip), limit: JOIN_ATTEMPT_LIMITS.ip });
	return keys;
}

/** The counts one admitted attempt added, to be taken back if its code was right (`forgiveJoinAttempt`). */
export interface CountedJoinAttempt {
	keys: string[];
	windowStart: Date;
}

export type JoinAttemptAdmission = { ok: true; counted: CountedJoinAttempt } | { ok: false; retryAfterSeconds: number };

/**
 * Counts an attempt against the source before its code is looked up, and decides in the same
 * statement whether it may be: one conditional upsert per key (browser, then address) that adds
 * the attempt only while the key's count is under its limit. Parallel attempts queue on the row,
 * so no more than the limit are ever let through; a refused attempt is not looked up at all.
 * A right code takes its count back (`forgiveJoinAttempt`): only wrong codes stay counted.
 */
export async function admitJoinAttempt(sql: Sql, source: JoinAttemptSource, now = new Date()): Promise<JoinAttemptAdmission> {
	const keys = await keysOf(sql, source);
	const start = bucketStart(now);
	const oldest = oldestCountedBucket(now);
	const counted: string[] = [];
	for (const { key, limit } of keys) {
		// The earlier buckets no longer change; the current one is read from the locked row itself.
		const admitted = await sql`
			with earlier as (
				select coalesce(sum(failures), 0)::int as n from join_attempts
				where key = ${key} and window_start >= ${oldest} and window_start < ${start}
			)
			insert into join_attempts as a (key, window_start, failures)
			select ${key}, ${start}, 1 from earlier where earlier.n < ${limit}
			on conflict (key, window_start) do update set failures = a.failures + 1
				where a.failures + (select n from earlier) < ${limit}
			returning 1`;
		if (!admitted.length) {
			return { ok: false, retryAfterSeconds: await retryAfterSeconds(sql, key, limit, now) };
		}
		counted.push(key);
	}
	await sql`delete from join_attempts where window_start < ${new Date(start.getTime() - 60 * 60 * 1000)}`;
	return { ok: true, counted: { keys: counted, windowStart: start } };
}

/** Takes back the count of an attempt whose code led to a meeting. */
export async function forgiveJoinAttempt(sql: Sql, counted: CountedJoinAttempt): Promise<void> {
	if (!counted.keys.length) return;
	await sql`
		update join_attempts set failures = failures - 1
		where key = any(${counted.keys}) and window_start = ${counted.windowStart} and failures > 0`;
}

/** How long until the key is under its limit again: until enough of its oldest buckets stop counting. */
async function retryAfterSeconds(sql: Sql, key: string, limit: number, now: Date): Promise<number> {
	const buckets = await sql<{ windowStart: Date; failures: number }[]>`
		select window_start, failures from join_attempts
		where key = ${key} and window_start >= ${oldestCountedBucket(now)}
		order by window_start`;
	let total = buckets.reduce((sum, b) => sum + b.failures, 0);
	let retryAt = now.getTime();
	for (const bucket of buckets) {
		if (total < limit) break;
		total -= bucket.failures;
		retryAt = bucket.windowStart.getTime() + BUCKETS_COUNTED * JOIN_ATTEMPT_BUCKET_MS;
	}
	return Math.max(1, Math.ceil((retryAt - now.getTime()) / 1000));
}
