import type postgres from 'postgres';
import { z } from 'zod';
import { clientKeyHasher } from '../db/client-keys';
import type { Sql } from '../db/sql';
import { MAX_EMAIL_LENGTH, findByEmail, normaliseEmail } from './moderators';
import { MAX_PASSWORD_LENGTH, dummyPasswordHash, verifyPassword } from './password';
import { createSession, type SessionModerator } from './session';
import { lockSchedule } from './throttle';

/** The shape of a sign-in request (form or JSON); anything else is a 400, not a failed attempt. */
export const signInInputSchema = z.object({
	email: z.string().trim().min(1).max(MAX_EMAIL_LENGTH),
	password: z.string().min(1).max(MAX_PASSWORD_LENGTH)
});

/** Attempts per e-mail and clock hour from all clients that never signed in to it, together. */
export const SIGN_IN_CEILING_PER_HOUR = 100;
/** How long a browser that signed in stays known to the account (the samla_client cookie's life). */
const KNOWN_DEVICE_DAYS = 400;

/** Who is signing in: the samla_client id the request carried (null if none), the one it has now, its address. */
export interface SignInClient {
	sentDeviceId: string | null;
	deviceId: string;
	ip: string | null;
}

export type SignInResult =
	| { ok: true; token: string; sessionId: string; moderator: SessionModerator }
	| { ok: false; code: 'INVALID_CREDENTIALS' }
	| { ok: false; code: 'RATE_LIMITED'; retryAfterSeconds: number };

type Admission = { ok: true } | { ok: false; code: 'RATE_LIMITED'; retryAfterSeconds: number };

const SCHEDULE = lockSchedule();

/**
 * Signs a moderator in and creates a session. Attempts are throttled per (normalised e-mail,
 * client) — the client being the browser's samla_client cookie, or its address without one — so
 * that a stranger's wrong passwords lock the stranger out, not the moderator. All clients that
 * never signed in to the e-mail share a much higher ceiling per hour, which stops a guesser who
 * throws cookies away; browsers that did sign in to it are not held up by that ceiling. Known
 * and unknown e-mails are throttled alike, and an unknown e-mail costs one argon2 verification
 * like a known one, so neither the answer, its timing nor the throttle tells which have an account.
 */
export async function signIn(sql: Sql, email: string, password: string, client: SignInClient): Promise<SignInResult> {
	const accountKey = normaliseEmail(email);
	const hash = await clientKeyHasher(sql);
	const clientKey = client.sentDeviceId ? hash('client', client.sentDeviceId) : client.ip ? hash('ip', client.ip) : 'unknown';
	const admitted = await admitAttempt(sql, accountKey, clientKey);
	if (!admitted.ok) return admitted;
	if (!client.sentDeviceId || !(await isKnownDevice(sql, accountKey, clientKey))) {
		const underCeiling = await admitUnderCeiling(sql, accountKey);
		if (!underCeiling.ok) return underCeiling;
	}

	const moderator = await findByEmail(sql, accountKey);
	const valid = await verifyPassword(moderator?.passwordHash ?? (await dummyPasswordHash()), password);
	if (!moderator || !valid) return { ok: false, code: 'INVALID_CREDENTIALS' };

	// Success resets this client's count; runs of failures older than a day count for nothing
	// anyway (see admitAttempt), so their rows go too, and the tables stay small.
	await sql`
		delete from login_throttle
		where (account_key = ${accountKey} and client_key = ${clientKey})
			or (last_failure_at < now() - interval '1 day' and (locked_until is null or locked_until < now()))`;
	await sql`delete from login_ceiling where window_start < date_trunc('hour', now())`;
	await sql`
		insert into login_devices (account_key, client_key) values (${accountKey}, ${hash('client', client.deviceId)})
		on conflict (account_key, client_key) do update set signed_in_at = now()`;
	await sql`delete from login_devices where signed_in_at < now() - ${KNOWN_DEVICE_DAYS} * interval '1 day'`;
	const session = await createSession(sql, moderator.id);
	return {
		ok: true,
		token: session.token,
		sessionId: session.id,
		moderator: { id: moderator.id, email: moderator.email, name: moderator.name }
	};
}

/** Lifts every sign-in lock of an e-mail (each client's and the ceiling) and forgets its counts; how many locks were active. */
export async function unlockSignIn(sql: Sql, email: string): Promise<number> {
	const accountKey = normaliseEmail(email);
	const clients = await sql<{ locked: boolean }[]>`
		delete from login_throttle where account_key = ${accountKey} returning coalesce(locked_until > now(), false) as locked`;
	const ceilings = await sql<{ locked: boolean }[]>`
		delete from login_ceiling where account_key = ${accountKey}
		returning attempts >= ${SIGN_IN_CEILING_PER_HOUR} and window_start = date_trunc('hour', now()) as locked`;
	return [...clients, ...ceilings].filter((row) => row.locked).length;
}

async function isKnownDevice(sql: Sql, accountKey: string, clientKey: string): Promise<boolean> {
	const [row] = await sql`
		select 1 from login_devices
		where account_key = ${accountKey} and client_key = ${clientKey}
			and signed_in_at > now() - ${KNOWN_DEVICE_DAYS} * interval '1 day'`;
	return !!row;
}

/**
 * Counts the attempt as a failure of this (e-mail, client) before the password is checked (a
 * success deletes the row afterwards), in one statement that also refuses it while that pair is
 * locked. Postgres serialises the upsert per pair, so parallel attempts cannot slip past the lock.
 * A run of failures is forgotten a day after the last one.
 */
async function admitAttempt(sql: Sql, accountKey: string, clientKey: string): Promise<Admission> {
	const schedule = sql`${SCHEDULE}::int[]`;
	const lockFor = (failures: postgres.Fragment) =>
		sql`case when (${schedule})[least(${failures}, ${SCHEDULE.length})] > 0
			then now() + (${schedule})[least(${failures}, ${SCHEDULE.length})] * interval '1 second' end`;
	const next = sql`case when t.last_failure_at < now() - interval '1 day' then 1 else t.failures + 1 end`;
	const [row] = await sql<{ failures: number }[]>`
		insert into login_throttle as t (account_key, client_key, failures, locked_until, last_failure_at)
		values (${accountKey}, ${clientKey}, 1, ${lockFor(sql`1`)}, now())
		on conflict (account_key, client_key) do update
			set failures = ${next}, locked_until = ${lockFor(next)}, last_failure_at = now()
			where t.locked_until is null or t.locked_until <= now()
		returning failures`;
	if (row) return { ok: true };
	const [lock] = await sql<{ retryAfterSeconds: number | null }[]>`
		select ceil(extract(epoch from locked_until - now()))::int as retry_after_seconds
		from login_throttle where account_key = ${accountKey} and client_key = ${clientKey}`;
	return { ok: false, code: 'RATE_LIMITED', retryAfterSeconds: Math.max(1, lock?.retryAfterSeconds ?? 1) };
}

/** Counts an attempt of a client the e-mail does not know against its hourly ceiling, in one conditional upsert. */
async function admitUnderCeiling(sql: Sql, accountKey: string): Promise<Admission> {
	const [row] = await sql`
		insert into login_ceiling as c (account_key, window_start, attempts)
		values (${accountKey}, date_trunc('hour', now()), 1)
		on conflict (account_key, window_start) do update set attempts = c.attempts + 1
			where c.attempts < ${SIGN_IN_CEILING_PER_HOUR}
		returning 1`;
	if (row) return { ok: true };
	const [{ seconds }] = await sql<{ seconds: number }[]>`
		select ceil(extract(epoch from date_trunc('hour', now()) + interval '1 hour' - now()))::int as seconds`;
	return { ok: false, code: 'RATE_LIMITED', retryAfterSeconds: Math.max(1, seconds) };
}
