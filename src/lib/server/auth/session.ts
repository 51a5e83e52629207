import { sha256 } from '@oslojs/crypto/sha2';
import { constantTimeEqual } from '@oslojs/crypto/subtle';
import type { Sql } from '../db/sql';

// Sessions as lucia-auth.com's guide writes them: the token is "<id>.<secret>", the database
// keeps the id and the SHA-256 of the secret, and the secret is compared in constant time.

/** A session ends after this long without use … */
export const INACTIVITY_TIMEOUT_MS = 10 * 24 * 60 * 60 * 1000;
/** … and a used session's last_verified_at is moved forward at most this often. */
export const ACTIVITY_CHECK_INTERVAL_MS = 60 * 60 * 1000;

export const SESSION_COOKIE = 'samla_session';

export interface SessionModerator {
	id: string;
	email: string;
	name: string;
}

export interface ValidSession {
	id: string;
	moderator: SessionModerator;
	lastVerifiedAt: Date;
	/** True when this validation moved the inactivity deadline; the cookie should be re-sent. */
	renewed: boolean;
}

const ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789'; // no look-alikes; 32 letters → 5 bits each

/** A random string with 120 bits of entropy from the platform CSPRNG. */
export function generateSecureRandomString(): string {
	const bytes = new Uint8Array(24);
	crypto.getRandomValues(bytes);
	let out = '';
	for (const byte of bytes) out += ALPHABET[byte >> 3];
	return out;
}

export function hashSecret(secret: string): Uint8Array {
	return sha256(new TextEncoder().encode(secret));
}

/** A new session's token "<id>.<secret>" to hand to the client, and the id and secret hash the database keeps. */
export function newSessionToken(): { id: string; secretHash: Buffer; token: string } {
	const id = generateSecureRandomString();
	const secret = generateSecureRandomString();
	return { id, secretHash: Buffer.from(hashSecret(secret)), token: `${id}.${secret}` };
}

/** A token's id and secret, or null when it is not "<id>.<secret>" of a sane length. */
export function splitSessionToken(token: string): { id: string; secret: string } | null {
	const parts = token.split('.');
	if (parts.length !== 2 || !parts[0] || !parts[1] || token.length > 200) return null;
	return { id: parts[0], secret: parts[1] };
}

/**
 * The checks every session passes once its row is found: the secret, compared in constant time,
 * and the inactivity timeout (an expired session is deleted); a valid session's last use is moved
 * forward at most every ACTIVITY_CHECK_INTERVAL_MS. Null when the session is not valid.
 */
export async function verifySession(
	sql: Sql,
	{ id, secret }: { id: string; secret: string },
	row: { secretHash: Buffer; lastVerifiedAt: Date },
	now: Date
): Promise<{ lastVerifiedAt: Date; renewed: boolean } | null> {
	if (!constantTimeEqual(hashSecret(secret), new Uint8Array(row.secretHash))) return null;
	if (now.getTime() - row.lastVerifiedAt.getTime() >= INACTIVITY_TIMEOUT_MS) {
		await sql`delete from sessions where id = ${id}`;
		return null;
	}
	if (now.getTime() - row.lastVerifiedAt.getTime() < ACTIVITY_CHECK_INTERVAL_MS) return { lastVerifiedAt: row.lastVerifiedAt, renewed: false };
	await sql`update sessions set last_verified_at = ${now} where id = ${id}`;
	return { lastVerifiedAt: now, renewed: true };
}

/** Creates a session for a moderator and returns the token to hand to the client (never stored). */
export async function createSession(sql: Sql, moderatorId: string): Promise<{ id: string; token: string }> {
	const { id, secretHash, token } = newSessionToken();
	await sql`
		insert into sessions (id, secret_hash, moderator_id)
		values (${id}, ${secretHash}, ${moderatorId})`;
	return { id, token };
}

/** Returns the session a token stands for, or null when it is malformed, unknown, tampered or expired. */
export async function validateSessionToken(sql: Sql, token: string, now = new Date()): Promise<ValidSession | null> {
	const parts = splitSessionToken(token);
	if (!parts) return null;
	const [row] = await sql<
		{ id: string; secretHash: Buffer; lastVerifiedAt: Date; moderatorId: string; email: string; name: string }[]
	>`
		select s.id, s.secret_hash, s.last_verified_at, m.id as moderator_id, m.email, m.name
		from sessions s join moderators m on m.id = s.moderator_id
		where s.id = ${parts.id}`;
	if (!row) return null;
	const verified = await verifySession(sql, parts, row, now);
	if (!verified) return null;
	return {
		id: row.id,
		moderator: { id: row.moderatorId, email: row.email, name: row.name },
		lastVerifiedAt: verified.lastVerifiedAt,
		renewed: verified.renewed
	};
}

export async function invalidateSession(sql: Sql, sessionId: string): Promise<void> {
	await sql`delete from sessions where id = ${sessionId}`;
}

/** Cookie attributes for a session token: HttpOnly, SameSite=Lax, Secure when served over https. */
export function sessionCookieOptions(secure: boolean) {
	return {
		path: '/',
		httpOnly: true,
		sameSite: 'lax' as const,
		secure,
		maxAge: INACTIVITY_TIMEOUT_MS / 1000
	};
}

/** Reads a bearer token from an Authorization header, or null. */
export function bearerToken(header: string | null): string | null {
	const match = /^Bearer ([A-Za-z0-9.]{1,200})$/.exec(header ?? '');
	return match ? match[1] : null;
}
