import { createHmac } from 'node:crypto';
import type { Sql } from './sql';

// A light brake on guessing join codes. Wrong codes are counted per browser (the anonymous
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

export type JoinAttemptCheck = { ok: true } | { ok: false; retryAfterSeconds: number };

function bucketStart(now: Date): Date {
	return new Date(Math.floor(now.getTime() / JOIN_ATTEMPT_BUCKET_MS) * JOIN_ATTEMPT_BUCKET_MS);
}

function oldestCountedBucket(now: Date): Date {
	return new Date(bucketStart(now).getTime() - (BUCKETS_COUNTED - 1) * JOIN_ATTEMPT_BUCKET_MS);
}

/** The stored keys: HMAC-SHA-256 with a per-database secret, so no address or cookie value is stored. */
async function keysOf(sql: Sql, source: JoinAttemptSource): Promise<{ key: string; limit: number }[]> {
	const [secret] = await sql<{ value: Buffer }[]>`select value from server_secrets where name = 'join_attempt_key'`;
	if (!secret) throw new Error('The join_attempt_key secret is missing: are the migrations applied?');
	const hash = (kind: string, value: string) =>
		`${kind}:${createHmac('sha256', secret.value).update(`${kind}:${value}`).digest('base64url')}`;
	const keys: { key: string; limit: number }[] = [];
	if (source.clientId) keys.push({ key: hash('client', source.clientId), limit: JOIN_ATTEMPT_LIMITS.client });
	if (source.ip) keys.push({ key: hash('ip', source.ip), limit: JOIN_ATTEMPT_LIMITS.ip });
	return keys;
}

/** Whether this source may try another code now; if not, how long until it may. */
export async function checkJoinAttempts(sql: Sql, source: JoinAttemptSource, now = new Date()): Promise<JoinAttemptCheck> {
	const keys = await keysOf(sql, source);
	if (!keys.length) return { ok: true };
	const rows = await sql<{ key: string; windowStart: Date; failures: number }[]>`
		select key, window_start, failures from join_attempts
		where window_start >= ${oldestCountedBucket(now)} and key = any(${keys.map((k) => k.key)})
		order by window_start`;
	let retryAt = 0;
	for (const { key, limit } of keys) {
		const buckets = rows.filter((r) => r.key === key);
		let total = buckets.reduce((sum, b) => sum + b.failures, 0);
		// Over the limit: wait until enough of the oldest buckets have stopped counting.
		for (const bucket of buckets) {
			if (total < limit) break;
			total -= bucket.failures;
			retryAt = Math.max(retryAt, bucket.windowStart.getTime() + BUCKETS_COUNTED * JOIN_ATTEMPT_BUCKET_MS);
		}
	}
	if (!retryAt) return { ok: true };
	return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((retryAt - now.getTime()) / 1000)) };
}

/** Counts one wrong code against the source, and forgets windows older than an hour. */
export async function recordWrongJoinCode(sql: Sql, source: JoinAttemptSource, now = new Date()): Promise<void> {
	const keys = await keysOf(sql, source);
	const start = bucketStart(now);
	for (const { key } of keys) {
		await sql`
			insert into join_attempts (key, window_start, failures) values (${key}, ${start}, 1)
			on conflict (key, window_start) do update set failures = join_attempts.failures + 1`;
	}
	await sql`delete from join_attempts where window_start < ${new Date(start.getTime() - 60 * 60 * 1000)}`;
}
