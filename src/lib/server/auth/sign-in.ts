import type postgres from 'postgres';
import { z } from 'zod';
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

export type SignInResult =
	| { ok: true; token: string; sessionId: string; moderator: SessionModerator }
	| { ok: false; code: 'INVALID_CREDENTIALS' }
	| { ok: false; code: 'RATE_LIMITED'; retryAfterSeconds: number };

const SCHEDULE = lockSchedule();

/**
 * Signs a moderator in and creates a session. Every attempt is throttled per normalised e-mail,
 * known or not, and an unknown e-mail costs one argon2 verification like a known one, so neither
 * the answer, its timing nor the throttle tells which e-mails have an account.
 */
export async function signIn(sql: Sql, email: string, password: string): Promise<SignInResult> {
	const accountKey = normaliseEmail(email);
	const admitted = await admitAttempt(sql, accountKey);
	if (!admitted.ok) return admitted;

	const moderator = await findByEmail(sql, accountKey);
	const valid = await verifyPassword(moderator?.passwordHash ?? (await dummyPasswordHash()), password);
	if (!moderator || !valid) return { ok: false, code: 'INVALID_CREDENTIALS' };

	// Success resets this account's count; runs of failures older than a day count for nothing
	// anyway (see admitAttempt), so their rows go too, and the table stays small.
	await sql`
		delete from login_throttle
		where account_key = ${accountKey}
			or (last_failure_at < now() - interval '1 day' and (locked_until is null or locked_until < now()))`;
	const session = await createSession(sql, moderator.id);
	return {
		ok: true,
		token: session.token,
		sessionId: session.id,
		moderator: { id: moderator.id, email: moderator.email, name: moderator.name }
	};
}

/**
 * Counts the attempt as a failure before the password is checked (a success deletes the row
 * afterwards), in one statement that also refuses it while the account is locked. Postgres
 * serialises the upsert per account, so parallel attempts cannot slip past the lock.
 * A run of failures is forgotten a day after the last one.
 */
async function admitAttempt(
	sql: Sql,
	accountKey: string
): Promise<{ ok: true } | { ok: false; code: 'RATE_LIMITED'; retryAfterSeconds: number }> {
	const schedule = sql`${SCHEDULE}::int[]`;
	const lockFor = (failures: postgres.Fragment) =>
		sql`case when (${schedule})[least(${failures}, ${SCHEDULE.length})] > 0
			then now() + (${schedule})[least(${failures}, ${SCHEDULE.length})] * interval '1 second' end`;
	const next = sql`case when t.last_failure_at < now() - interval '1 day' then 1 else t.failures + 1 end`;
	const [row] = await sql<{ failures: number }[]>`
		insert into login_throttle as t (account_key, failures, locked_until, last_failure_at)
		values (${accountKey}, 1, ${lockFor(sql`1`)}, now())
		on conflict (account_key) do update
			set failures = ${next}, locked_until = ${lockFor(next)}, last_failure_at = now()
			where t.locked_until is null or t.locked_until <= now()
		returning failures`;
	if (row) return { ok: true };
	const [lock] = await sql<{ retryAfterSeconds: number | null }[]>`
		select ceil(extract(epoch from locked_until - now()))::int as retry_after_seconds
		from login_throttle where account_key = ${accountKey}`;
	return { ok: false, code: 'RATE_LIMITED', retryAfterSeconds: Math.max(1, lock?.retryAfterSeconds ?? 1) };
}
