import { createHash, createHmac, randomBytes } from 'node:crypto';
import { noteAuthors } from '../db/notes';
import type { Queries } from '../db/sql';

/**
 * Who wrote each note of a meeting: note id → the participant's or moderator's id. The ONE place
 * the theme input learns authorship. Authorship belongs to PostgreSQL (`notes`, recorded with each
 * new note), not to the shared board, which names no author; merged duplicates moderated before
 * notes were recorded there fall back to note_moderation.author_id.
 */
export async function readNoteAuthors(sql: Queries, meetingId: string): Promise<Map<string, string>> {
	const authors = await noteAuthors(sql, meetingId);
	const moderated = await sql<{ noteId: string; authorId: string | null; note: { authorId?: unknown } }[]>`
		select note_id, author_id, note from note_moderation where meeting_id = ${meetingId}`;
	for (const row of moderated) {
		const id = row.authorId ?? (typeof row.note?.authorId === 'string' ? row.note.authorId : null);
		if (id && !authors.has(row.noteId)) authors.set(row.noteId, id);
	}
	return authors;
}

/**
 * The pseudonymous keys one projection of a meeting computed, so that the next one need not compute
 * them again: person id → key, with a fingerprint of the secret they were computed with. Holds only
 * the keys that projection asked for, so it is bounded by the meeting's authors and voters.
 */
export interface MeetingKeyMemo {
	secretFingerprint: string;
	keys: Map<string, string>;
}

export interface MeetingKeys {
	keyOf(personId: string): string | null;
	/** The keys asked for through `keyOf` so far (filled as it is called); none for a purged meeting. */
	memo?: MeetingKeyMemo;
}

/**
 * The meeting's pseudonymous keys: HMAC-SHA-256 of a person's id with a secret of this meeting
 * alone (made on first use), so a key is stable within the meeting and unlinkable across
 * meetings. A purged meeting has no secret any more, and no keys (null).
 *
 * `memo`: the keys a previous call returned (its `memo`). A key depends only on the secret and the
 * person id, so the memo's keys are reused while the meeting's secret is still the one they were
 * computed with; any other secret (a new one after the row was deleted) or a purge discards it.
 */
export async function meetingKeys(sql: Queries, meetingId: string, purged: boolean, memo?: MeetingKeyMemo): Promise<MeetingKeys> {
	if (purged) return { keyOf: () => null };
	await sql`insert into meeting_key_secrets (meeting_id, secret) values (${meetingId}, ${randomBytes(32)}) on conflict (meeting_id) do nothing`;
	const [{ secret }] = await sql<{ secret: Buffer }[]>`select secret from meeting_key_secrets where meeting_id = ${meetingId}`;
	// A fingerprint, not the secret: the memo outlives the transaction and must not let anyone compute keys.
	const secretFingerprint = createHash('sha256').update('samla.meeting-key-memo').update(secret).digest('base64url');
	const known = memo?.secretFingerprint === secretFingerprint ? memo.keys : undefined;
	const keys = new Map<string, string>();
	return {
		keyOf(personId) {
			let key = keys.get(personId);
			if (key === undefined) {
				key = known?.get(personId) ?? keyWith(secret, personId);
				keys.set(personId, key);
			}
			return key;
		},
		memo: { secretFingerprint, keys }
	};
}

/** One person's key in the meeting whose secret is `secret`. */
export function keyWith(secret: Buffer, personId: string): string {
	return createHmac('sha256', secret).update(personId).digest('base64url').slice(0, 16);
}
