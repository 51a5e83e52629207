import type { MeetingNamespace } from './socket';
import { addNote, getNote, removeNote } from '../../src/lib/board/board';
import type { Note } from '../../src/lib/board/records';
import { noteSchema } from '../../src/lib/board/schema';
import type { ErrorCode } from '../../src/lib/protocol/errors';
import { noteRecord } from '../../src/lib/server/db/notes';
import type { Sql } from '../../src/lib/server/db/sql';
import type { Principal } from '../board/access';
import type { Room } from '../board/room';
import { socketRooms } from './private-notes';

type Result = { ok: true } | { ok: false; code: ErrorCode };

type Notice = { noteId: string; text: string; status: 'hidden' | 'removed' | 'merged' | 'restored'; reason: string };

function notifyAuthor(namespace: MeetingNamespace, meetingId: string, authorId: string | null, notice: Notice): void {
	if (!authorId) return;
	namespace.to(socketRooms.person(meetingId, { role: 'participant', id: authorId })).emit('moderation:notice', notice);
}

/**
 * Takes a note off the board, keeping its content in note_moderation: `hidden` can be restored,
 * `removed` cannot. Its author is told, with the reason.
 */
export async function moderateNote(
	sql: Sql,
	namespace: MeetingNamespace,
	room: Room,
	moderator: Principal,
	noteId: string,
	status: 'hidden' | 'removed',
	reason: string
): Promise<Result> {
	const note = getNote(room.doc, noteId);
	if (!note) return { ok: false, code: 'NOT_FOUND' };
	const authorId = (await noteRecord(sql, room.meetingId, noteId))?.authorId ?? null;
	await room.change({ kind: 'moderator', id: moderator.id }, (doc) => removeNote(doc, noteId));
	await sql`
		insert into note_moderation (meeting_id, note_id, status, reason, moderator_id, note, author_id)
		values (${room.meetingId}, ${noteId}, ${status}, ${reason.trim()}, ${moderator.id}, ${sql.json(note as never)}, ${authorId})
		on conflict (meeting_id, note_id) do update set status = excluded.status, reason = excluded.reason,
			moderator_id = excluded.moderator_id, created_at = now()`;
	notifyAuthor(namespace, room.meetingId, authorId, { noteId, text: note.text, status, reason: reason.trim() });
	return { ok: true };
}

/** Puts a hidden note back on the board (in its cluster if that still exists). */
export async function restoreNote(sql: Sql, namespace: MeetingNamespace, room: Room, moderator: Principal, noteId: string): Promise<Result> {
	const [row] = await sql<{ note: unknown; authorId: string | null }[]>`
		select note, author_id from note_moderation where meeting_id = ${room.meetingId} and note_id = ${noteId} and status = 'hidden'`;
	const parsed = noteSchema.safeParse(row?.note);
	if (!parsed.success) return { ok: false, code: 'NOT_FOUND' };
	const note: Note = parsed.data;
	const clusterId = note.clusterId && room.doc.getMap('clusters').has(note.clusterId) ? note.clusterId : null;
	await room.change({ kind: 'moderator', id: moderator.id }, (doc) =>
		addNote(doc, { id: note.id, text: note.text, createdAt: note.createdAt, colour: note.colour, clusterId })
	);
	await sql`delete from note_moderation where meeting_id = ${room.meetingId} and note_id = ${noteId}`;
	notifyAuthor(namespace, room.meetingId, row.authorId, { noteId, text: note.text, status: 'restored', reason: '' });
	return { ok: true };
}

/**
 * Merges a duplicate note into another: the duplicate leaves the board (kept as `merged`), and
 * votes on it are given back to their voters, who may vote again.
 */
export async function mergeNotes(sql: Sql, namespace: MeetingNamespace, room: Room, moderator: Principal, sourceId: string, targetId: string): Promise<Result> {
	if (sourceId === targetId) return { ok: false, code: 'VALIDATION' };
	const source = getNote(room.doc, sourceId);
	if (!source || !getNote(room.doc, targetId)) return { ok: false, code: 'NOT_FOUND' };
	const authorId = (await noteRecord(sql, room.meetingId, sourceId))?.authorId ?? null;
	await room.change({ kind: 'moderator', id: moderator.id }, (doc) => removeNote(doc, sourceId));
	await sql.begin(async (tx) => {
		const refunds = await tx<{ participantId: string; n: number }[]>`
			delete from votes where meeting_id = ${room.meetingId} and item_kind = 'note' and item_id = ${sourceId}
			returning participant_id, 1 as n`;
		for (const r of refunds) await tx`update participants set votes_used = votes_used - 1 where id = ${r.participantId} and votes_used > 0`;
		await tx`delete from vote_tallies where item_kind = 'note' and item_id = ${sourceId}
			and participant_id in (select id from participants where meeting_id = ${room.meetingId})`;
		await tx`
			insert into note_moderation (meeting_id, note_id, status, reason, moderator_id, note, author_id)
			values (${room.meetingId}, ${sourceId}, 'merged', ${targetId}, ${moderator.id}, ${tx.json(source as never)}, ${authorId})
			on conflict (meeting_id, note_id) do update set status = 'merged', reason = excluded.reason`;
	});
	notifyAuthor(namespace, room.meetingId, authorId, { noteId: sourceId, text: source.text, status: 'merged', reason: '' });
	return { ok: true };
}

/** The moderation notices a participant should see when they connect. */
export async function noticesFor(sql: Sql, meetingId: string, participantId: string): Promise<Notice[]> {
	const rows = await sql<{ noteId: string; note: { text?: string }; status: Notice['status']; reason: string }[]>`
		select note_id, note, status, reason from note_moderation
		where meeting_id = ${meetingId} and author_id = ${participantId} order by created_at`;
	return rows.map((r) => ({ noteId: r.noteId, text: r.note.text ?? '', status: r.status, reason: r.status === 'merged' ? '' : r.reason }));
}
