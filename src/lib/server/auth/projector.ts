import { randomBytes } from 'node:crypto';
import { constantTimeEqual } from '@oslojs/crypto/subtle';
import type { Sql } from '../db/sql';
import { hashSecret } from './session';

// The projector of a meeting: a read-only screen opened by a moderator's link. The link carries a
// random key; the meeting keeps only its SHA-256, and a new link replaces the old one.

/** The cookie that holds a projector's key for one meeting (set by the projector page). */
export function projectorCookieName(meetingId: string): string {
	return `samla_projector_${meetingId.replace(/-/g, '')}`;
}

/** Whether `key` is the meeting's current projector key. */
export async function isProjectorKey(sql: Sql, meetingId: string, key: string): Promise<boolean> {
	if (!/^[A-Za-z0-9_-]{20,64}$/.test(key)) return false;
	const [row] = await sql<{ projectorTokenHash: Buffer | null }[]>`select projector_token_hash from meetings where id = ${meetingId}`;
	if (!row?.projectorTokenHash) return false;
	return constantTimeEqual(hashSecret(key), new Uint8Array(row.projectorTokenHash));
}

/**
 * A new projector key for the meeting; the previous one stops working. Returns the key, which is
 * shown once (in the link) and never stored.
 */
export async function createProjectorKey(sql: Sql, meetingId: string): Promise<string> {
	const key = randomBytes(24).toString('base64url');
	await sql`update meetings set projector_token_hash = ${Buffer.from(hashSecret(key))} where id = ${meetingId}`;
	return key;
}

/** The path a projector opens: the key goes in the query, and the page moves it into a cookie. */
export function projectorPath(meetingId: string, key: string): string {
	return `/projector/${meetingId}?key=${key}`;
}
