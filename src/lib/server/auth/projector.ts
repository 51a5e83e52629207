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
