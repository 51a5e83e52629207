import { createHmac, randomBytes } from 'node:crypto';
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
 * The meeting's pseudonymous keys: HMAC-SHA-256 of a person's id with a secret of this meeting
 * alone (made on first use), so a key is stable within the meeting and unlinkable across
 * meetings. A purged meeting has no secret any more, and no keys (null).
 */
export async function meetingKeys(sql: Queries, meetingId: string, purged: boolean): Promise<(personId: string) => string | null> {
	if (purged) return () => null;
	await sql`insert into meeting_key_secrets (meeting_id, secret) values (${meetingId}, ${randomBytes(32)}) on conflict (meeting_id) do nothing`;
	const [{ secret }] = await sql<{ secret: Buffer }[]>`select secret from meeting_key_secrets where meeting_id = ${meetingId}`;
	return (personId) => createHmac('sha256', secret).update(personId).digest('base64url').slice(0, 16);
}
