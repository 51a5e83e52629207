import { createHash, createHmac, randomBytes } from 'node:crypto';
import type { Queries } from '../db/sql';

/** A row of note_moderation as the projection reads it (a note a moderator took off the board). */
export interface ModeratedNote {
	noteId: string;
	status: string;
	reason: string;
	authorId: string | null;
	note: { text?: unknown; createdAt?: unknown; authorId?: unknown };
}

/** The statement that reads a meeting's moderated notes (sent with the projection's other reads). */
export function readModeratedNotes(sql: Queries, meetingId: string): Promise<ModeratedNote[]> {
	return sql<ModeratedNote[]>`select note_id, status, reason, author_id, note from note_moderation where meeting_id = ${meetingId}`;
}

/**
 * Who wrote each note of a meeting: note id → the participant's or moderator's id, from the
 * authors recorded with the notes (`noteAuthors`) and the meeting's moderated notes. The ONE place
 * the theme input learns authorship. Authorship belongs to PostgreSQL (`notes`, recorded with each
 * new note), not to the shared board, which names no author; merged duplicates moderated before
 * notes were recorded there fall back to note_moderation.author_id.
 */
export function noteAuthorsWith(recorded: Map<string, string>, moderated: readonly ModeratedNote[]): Map<string, string> {
	const authors = new Map(recorded);
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
 * The meeting's key secret, made on first use (one statement: it is sent with the projection's
 * other reads); null for a purged meeting, which has no secret any more and never gets a new one.
 */
export async function meetingSecret(sql: Queries, meetingId: string): Promise<Buffer | null> {
	// A secret made here is not visible to the union's second half (the statement's snapshot is
	// older), and one made before is not made again: exactly one row either way. Only projections
	// make secrets, and they hold the meeting's advisory lock (project.ts), so none is made by
	// another transaction after this statement's snapshot and before its insert.
	const rows = await sql<{ secret: Buffer }[]>`
		with made as (
			insert into meeting_key_secrets (meeting_id, secret)
			select id, ${randomBytes(32)} from meetings where id = ${meetingId} and purged_at is null
			on conflict (meeting_id) do nothing
			returning secret)
		select secret from made
		union all
		select secret from meeting_key_secrets s join meetings m on m.id = s.meeting_id
		where s.meeting_id = ${meetingId} and m.purged_at is null`;
	return rows[0]?.secret ?? null;
}

/**
 * The meeting's pseudonymous keys: HMAC-SHA-256 of a person's id with a secret of this meeting
 * alone (meetingSecret), so a key is stable within the meeting and unlinkable across meetings. A
 * purged meeting has no secret any more, and no keys (null).
 *
 * `memo`: the keys a previous call returned (its `memo`). A key depends only on the secret and the
 * person id, so the memo's keys are reused while the meeting's secret is still the one they were
 * computed with; any other secret (a new one after the row was deleted) or a purge discards it.
 */
export function meetingKeys(secret: Buffer | null, memo?: MeetingKeyMemo): MeetingKeys {
	if (!secret) return { keyOf: () => null };
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
