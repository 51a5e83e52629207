import { createHmac } from 'node:crypto';
import { constantTimeEqual } from '@oslojs/crypto/subtle';
import type { Sql } from '../db/sql';

// The projector of a meeting: a read-only screen opened by a moderator's link. The key in the link
// is HMAC-SHA256(server secret, meeting id : generation), so the moderator can show the same link
// again after a reload; replacing it raises the generation and the previous link stops working.
// The key travels once, in the link; the projector page moves it into an HttpOnly cookie, and the
// page's live connections authenticate with that cookie (never with the key in a URL or the HTML).

/** The cookie that holds a projector's key for one meeting (set by the projector page). */
export function projectorCookieName(meetingId: string): string {
	return `samla_projector_${meetingId.replace(/-/g, '')}`;
}

function deriveKey(secret: Uint8Array, meetingId: string, generation: number): string {
	return createHmac('sha256', secret).update(`projector:${meetingId}:${generation}`).digest('base64url').slice(0, 32);
}

async function generationAndSecret(sql: Sql, meetingId: string): Promise<{ generation: number; secret: Buffer } | null> {
	const [row] = await sql<{ generation: number; secret: Buffer }[]>`
		select m.projector_generation as generation, s.value as secret
		from meetings m cross join server_secrets s
		where m.id = ${meetingId} and s.name = 'projector_key'`;
	return row ?? null;
}

/** Whether `key` is the meeting's current projector key. */
export async function isProjectorKey(sql: Sql, meetingId: string, key: string): Promise<boolean> {
	if (!/^[A-Za-z0-9_-]{32}$/.test(key)) return false;
	const row = await generationAndSecret(sql, meetingId);
	if (!row || row.generation === 0) return false;
	const encoder = new TextEncoder();
	return constantTimeEqual(encoder.encode(deriveKey(row.secret, meetingId, row.generation)), encoder.encode(key));
}

/**
 * The meeting's projector key: the current one, or (with `replace`, or when the meeting has none
 * yet) a new one that ends the previous link. Null when the meeting does not exist.
 */
export async function projectorKey(sql: Sql, meetingId: string, { replace = false } = {}): Promise<{ key: string; created: boolean } | null> {
	const [bumped] = await sql<{ projectorGeneration: number }[]>`
		update meetings set projector_generation = projector_generation + 1
		where id = ${meetingId} and (${replace} or projector_generation = 0)
		returning projector_generation`;
	const row = await generationAndSecret(sql, meetingId);
	if (!row) return null;
	return { key: deriveKey(row.secret, meetingId, row.generation), created: !!bumped };
}

/** A new projector key for the meeting (the previous link stops working). */
export async function createProjectorKey(sql: Sql, meetingId: string): Promise<string> {
	const result = await projectorKey(sql, meetingId, { replace: true });
	if (!result) throw new Error(`No meeting ${meetingId}`);
	return result.key;
}

/** The path a projector opens: the key goes in the query, and the page moves it into a cookie. */
export function projectorPath(meetingId: string, key: string): string {
	return `/projector/${meetingId}?key=${key}`;
}

/** The query parameter (/yjs) or socket.io `auth` field a projector page sends to be the projector. */
export const AS_PROJECTOR = 'projector';
