import type { Sql } from '../db/sql';
import type { Services } from '../services';
import { countModerators, createModerator, parseNewModerator, type ModeratorFieldProblems } from './moderators';
import { createSession, generateSecureRandomString, hashSecret, type SessionModerator } from './session';

// A one-time link lets the first moderator create their account in the browser. Only the
// SHA-256 of the link's token is stored; the link works once, for 24 hours, and only while
// Samla has no moderator at all.

export const SETUP_TOKEN_VALIDITY_MS = 24 * 60 * 60 * 1000;

const TOKEN_SHAPE = /^[a-z2-9]{24}$/;

/** Creates a setup token and returns it (the only place it exists in clear). */
export async function createSetupToken(sql: Sql, now = new Date()): Promise<string> {
	const token = generateSecureRandomString();
	await sql`
		insert into setup_tokens (token_hash, created_at, expires_at)
		values (${Buffer.from(hashSecret(token))}, ${now}, ${new Date(now.getTime() + SETUP_TOKEN_VALIDITY_MS)})`;
	return token;
}

/** The path of the page a setup token opens. */
export function setupPath(token: string): string {
	return `/setup/${token}`;
}

export type SetupTokenProblem = 'SETUP_TOKEN_UNKNOWN' | 'SETUP_TOKEN_USED' | 'SETUP_TOKEN_EXPIRED' | 'ALREADY_SET_UP';

/** Whether a setup link can still create the first moderator, and if not, why. */
export async function checkSetupToken(sql: Sql, token: string): Promise<{ ok: true } | { ok: false; code: SetupTokenProblem }> {
	if (!TOKEN_SHAPE.test(token)) return { ok: false, code: 'SETUP_TOKEN_UNKNOWN' };
	const [row] = await sql<{ used: boolean; expired: boolean }[]>`
		select used_at is not null as used, expires_at <= now() as expired
		from setup_tokens where token_hash = ${Buffer.from(hashSecret(token))}`;
	if (!row) return { ok: false, code: 'SETUP_TOKEN_UNKNOWN' };
	if ((await countModerators(sql)) > 0) return { ok: false, code: 'ALREADY_SET_UP' };
	if (row.used) return { ok: false, code: 'SETUP_TOKEN_USED' };
	if (row.expired) return { ok: false, code: 'SETUP_TOKEN_EXPIRED' };
	return { ok: true };
}

export type ConsumeSetupTokenResult =
	| { ok: true; moderator: SessionModerator; sessionToken: string }
	| { ok: false; code: 'VALIDATION'; problems: ModeratorFieldProblems }
	| { ok: false; code: SetupTokenProblem };

/**
 * Uses a setup token to create the first moderator and signs them in. In one transaction the
 * token is marked used (only if unused and unexpired) and the moderator created (only if there is
 * none yet, checked under a lock), so two submissions, even with two different links, create at
 * most one moderator. Invalid input leaves the token unused, to try again.
 */
export async function consumeSetupToken(
	sql: Sql,
	token: string,
	input: { email: string; name: string; password: string }
): Promise<ConsumeSetupTokenResult> {
	const parsed = parseNewModerator(input);
	if (!parsed.ok) return parsed;
	if (!TOKEN_SHAPE.test(token)) return { ok: false, code: 'SETUP_TOKEN_UNKNOWN' };
	const tokenHash = Buffer.from(hashSecret(token));

	const outcome = await sql.begin(async (tx) => {
		await tx`select pg_advisory_xact_lock(hashtext('samla.first-moderator'))`;
		const [claimed] = await tx`
			update setup_tokens set used_at = now()
			where token_hash = ${tokenHash} and used_at is null and expires_at > now()
			returning 1 as claimed`;
		if (!claimed) return { ok: false as const };
		// The token is spent either way; a Samla that has a moderator needs no setup.
		if ((await countModerators(tx)) > 0) return { ok: false as const, code: 'ALREADY_SET_UP' as const };
		const created = await createModerator(tx, parsed.value);
		if (!created.ok) throw new Error(`Creating the first moderator failed unexpectedly: ${created.code}`);
		return { ok: true as const, moderator: created.moderator };
	});
	if (!outcome.ok) {
		if (outcome.code) return { ok: false, code: outcome.code };
		const state = await checkSetupToken(sql, token);
		return { ok: false, code: state.ok ? 'SETUP_TOKEN_USED' : state.code };
	}
	const session = await createSession(sql, outcome.moderator.id);
	return { ok: true, moderator: outcome.moderator, sessionToken: session.token };
}

/**
 * At server start: when Samla has no moderator, prints a fresh one-time setup link.
 * Returns the link, or null when there is a moderator already.
 */
export async function announceSetup(services: Pick<Services, 'sql' | 'log'>, origin: string): Promise<string | null> {
	const { sql, log } = services;
	await sql`delete from setup_tokens where expires_at < now() - interval '7 days'`;
	if ((await countModerators(sql)) > 0) return null;
	const link = `${origin.replace(/\/$/, '')}${setupPath(await createSetupToken(sql))}`;
	log.info(
		`No moderator yet. Create the first one at ${link} (valid 24 hours, once), or run: npm run samla -- create-moderator`
	);
	return link;
}
