import type { NoteColour } from '../../board/records';
import { ideaRefusal } from '../../engine/limits';
import type { PrivateNote } from '../../protocol/commands';
import type { Queries, Sql } from './sql';

// Every idea of a meeting, private or on the board, with its author (table `notes`). The board
// document names no author; this is where authorship lives, where the limits on ideas are judged,
// and where a private idea waits for the reveal.

export type RecordNoteResult =
	| { ok: true; added: boolean; private: boolean }
	| { ok: false; code: 'NOTE_LIMIT' | 'BOARD_FULL' | 'FORBIDDEN' | 'REVEALED' };

/**
 * Records a new idea with its author: the one place where the limits on ideas are judged (50 per
 * author, 2 000 per meeting, private and shared alike). One transaction locks the meeting's row,
 * so new ideas of a meeting queue there and two of them can never both take the last place; then
 * it counts and inserts. A note is acknowledged only after this commits, so an acknowledged note
 * always fits on the board, also when a private one is revealed.
 *
 * The same id again by the same author is a retry (`added: false`, and whether the note recorded
 * first is still private); by someone else, FORBIDDEN. A
 * private idea after the reveal is REVEALED: the caller puts it on the board instead.
 */
export async function recordNote(
	sql: Sql,
	meetingId: string,
	note: { id: string; authorId: string } & ({ visibility: 'board' } | { visibility: 'private'; text: string; colour: NoteColour })
): Promise<RecordNoteResult> {
	return sql.begin(async (tx) => {
		const retry = async (): Promise<RecordNoteResult | null> => {
			const [row] = await tx<{ authorId: string; visibility: string }[]>`
				select author_id, visibility from notes where meeting_id = ${meetingId} and id = ${note.id}`;
			if (!row) return null;
			if (row.authorId !== note.authorId) return { ok: false, code: 'FORBIDDEN' };
			return { ok: true, added: false, private: row.visibility === 'private' };
		};
		const earlier = await retry();
		if (earlier) return earlier;
		// FOR NO KEY UPDATE: it still lets the notes' foreign keys check the meeting row.
		const [meeting] = await tx<{ revealed: boolean }[]>`
			select notes_revealed_at is not null as revealed from meetings where id = ${meetingId} for no key update`;
		if (note.visibility === 'private' && meeting?.revealed) return { ok: false, code: 'REVEALED' };
		const [counts] = await tx<{ mine: number; all: number }[]>`
			select count(*) filter (where author_id = ${note.authorId})::int as mine, count(*)::int as all
			from notes where meeting_id = ${meetingId}`;
		const refusal = ideaRefusal(counts);
		if (refusal) return { ok: false, code: refusal };
		const [text, colour] = note.visibility === 'private' ? [note.text, note.colour] : [null, null];
		const inserted = await tx`
			insert into notes (meeting_id, id, author_id, visibility, text, colour)
			values (${meetingId}, ${note.id}, ${note.authorId}, ${note.visibility}, ${text}, ${colour})
			on conflict do nothing
			returning id`;
		if (inserted.length) return { ok: true, added: true, private: note.visibility === 'private' };
		return (await retry()) ?? { ok: false, code: 'FORBIDDEN' };
	}) as Promise<RecordNoteResult>;
}

/** Who wrote a note of this meeting, and whether it is still private (null: no such note). */
export async function noteRecord(sql: Sql, meetingId: string, noteId: string): Promise<{ authorId: string; private: boolean } | null> {
	const [row] = await sql<{ authorId: string; visibility: 'private' | 'board' }[]>`
		select author_id, visibility from notes where meeting_id = ${meetingId} and id = ${noteId}`;
	return row ? { authorId: row.authorId, private: row.visibility === 'private' } : null;
}

/** Every author of the meeting's notes: note id → author id. */
export async function noteAuthors(sql: Queries, meetingId: string): Promise<Map<string, string>> {
	const rows = await sql<{ id: string; authorId: string }[]>`select id, author_id from notes where meeting_id = ${meetingId}`;
	return new Map(rows.map((r) => [r.id, r.authorId]));
}

/** The ids of the notes one person wrote in a meeting, oldest first. */
export async function notesBy(sql: Sql, meetingId: string, authorId: string): Promise<string[]> {
	const rows = await sql<{ id: string }[]>`
		select id from notes where meeting_id = ${meetingId} and author_id = ${authorId} order by created_at, id`;
	return rows.map((r) => r.id);
}

/** Forgets a note (its author removed it, or it could not be put on the board after all). */
export async function deleteNoteRecord(sql: Sql, meetingId: string, noteId: string): Promise<void> {
	await sql`delete from notes where meeting_id = ${meetingId} and id = ${noteId}`;
}

/**
 * Records the authors that a board document of schema version 2 or older still names, before the
 * document is upgraded and loses them. Idempotent; a value that is not a UUID is skipped.
 */
export async function recordLegacyAuthors(sql: Queries, meetingId: string, authors: { noteId: string; authorId: string; createdAt: number }[]): Promise<void> {
	const rows = authors
		.filter((a) => UUID.test(a.authorId))
		.map((a) => ({ meetingId, id: a.noteId, authorId: a.authorId, createdAt: new Date(a.createdAt), visibility: 'board' }));
	for (let i = 0; i < rows.length; i += 500) {
		await sql`insert into notes ${sql(rows.slice(i, i + 500) as never)} on conflict do nothing`;
	}
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The private notes of a meeting (one author's, when given), oldest first. */
export async function listPrivateNotes(sql: Queries, meetingId: string, authorId?: string): Promise<PrivateNote[]> {
	const rows = await sql<{ id: string; authorId: string; text: string; colour: NoteColour; createdAt: Date }[]>`
		select id, author_id, text, colour, created_at from notes
		where meeting_id = ${meetingId} and visibility = 'private' ${authorId ? sql`and author_id = ${authorId}` : sql``}
		order by created_at, id`;
	return rows.map((r) => ({ ...r, createdAt: r.createdAt.getTime() }));
}

/** Replaces a private note's text; false when there is no such private note. */
export async function editPrivateNote(sql: Sql, meetingId: string, noteId: string, text: string): Promise<boolean> {
	const rows = await sql`
		update notes set text = ${text} where meeting_id = ${meetingId} and id = ${noteId} and visibility = 'private' returning id`;
	return rows.length > 0;
}

/** Removes a private note; false when there is no such private note. */
export async function removePrivateNote(sql: Sql, meetingId: string, noteId: string): Promise<boolean> {
	const rows = await sql`delete from notes where meeting_id = ${meetingId} and id = ${noteId} and visibility = 'private' returning id`;
	return rows.length > 0;
}

/** After the reveal put them on the board: these private notes are board notes now. */
export async function markRevealed(sql: Queries, meetingId: string, noteIds: string[]): Promise<void> {
	if (!noteIds.length) return;
	await sql`
		update notes set visibility = 'board', text = null, colour = null
		where meeting_id = ${meetingId} and visibility = 'private' and id = any(${noteIds})`;
}
