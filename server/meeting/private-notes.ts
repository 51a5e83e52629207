import type { Namespace, Socket } from 'socket.io';
import { addNote } from '../../src/lib/board/board';
import { LIMITS, type NoteColour } from '../../src/lib/board/records';
import { noteText } from '../../src/lib/board/schema';
import type { Sql } from '../../src/lib/server/db/sql';
import type { PrivateNote } from '../../src/lib/protocol/commands';
import type { Principal } from '../board/access';
import type { Room } from '../board/room';

// A private brainstorm: notes live in `private_notes`, outside the shared board document, and each
// participant receives only their own (and the count of everyone's). Moderators receive all.
// Reveal moves them into the document in one change.

export type { PrivateNote };

/** socket.io rooms: everyone in a meeting, its moderators, and one participant's sockets. */
export const socketRooms = {
	meeting: (meetingId: string) => meetingId,
	moderators: (meetingId: string) => `${meetingId}:moderators`,
	person: (meetingId: string, principal: Pick<Principal, 'role' | 'id'>) => `${meetingId}:${principal.role}:${principal.id}`
};

type Result = { ok: true } | { ok: false; code: 'NOT_FOUND' | 'FORBIDDEN' | 'VALIDATION' | 'NOTE_LIMIT' };

export async function listPrivateNotes(sql: Sql, meetingId: string, authorId?: string): Promise<PrivateNote[]> {
	const rows = await sql<{ id: string; authorId: string; text: string; colour: NoteColour; createdAt: Date }[]>`
		select id, author_id, text, colour, created_at from private_notes
		where meeting_id = ${meetingId} ${authorId ? sql`and author_id = ${authorId}` : sql``}
		order by created_at, id`;
	return rows.map((r) => ({ ...r, createdAt: r.createdAt.getTime() }));
}

/** Adds a private note; the per-participant limit is checked in the same statement as the insert. */
export async function addPrivateNote(
	sql: Sql,
	meetingId: string,
	author: Principal,
	note: { id: string; text: string; colour?: NoteColour },
	publicNotesByAuthor: number
): Promise<Result> {
	const text = noteText.safeParse(note.text);
	if (!text.success) return { ok: false, code: 'VALIDATION' };
	const existing = await sql`select 1 from private_notes where meeting_id = ${meetingId} and id = ${note.id}`;
	if (existing.length) return { ok: true }; // a retried command: the same note
	const rows = await sql`
		insert into private_notes (meeting_id, id, author_id, text, colour)
		select ${meetingId}, ${note.id}, ${author.id}, ${text.data}, ${note.colour ?? 'yellow'}
		where (select count(*) from private_notes where meeting_id = ${meetingId} and author_id = ${author.id})
			< ${LIMITS.notesPerParticipant - publicNotesByAuthor}
		on conflict do nothing
		returning id`;
	return rows.length ? { ok: true } : { ok: false, code: 'NOTE_LIMIT' };
}

/** Whether a note id is a private note of this meeting, and whose. */
export async function privateNoteAuthor(sql: Sql, meetingId: string, noteId: string): Promise<string | null> {
	const [row] = await sql<{ authorId: string }[]>`
		select author_id from private_notes where meeting_id = ${meetingId} and id = ${noteId}`;
	return row?.authorId ?? null;
}

export async function editPrivateNote(sql: Sql, meetingId: string, noteId: string, text: string): Promise<Result> {
	const parsed = noteText.safeParse(text);
	if (!parsed.success) return { ok: false, code: 'VALIDATION' };
	const rows = await sql`update private_notes set text = ${parsed.data} where meeting_id = ${meetingId} and id = ${noteId} returning id`;
	return rows.length ? { ok: true } : { ok: false, code: 'NOT_FOUND' };
}

export async function removePrivateNote(sql: Sql, meetingId: string, noteId: string): Promise<Result> {
	const rows = await sql`delete from private_notes where meeting_id = ${meetingId} and id = ${noteId} returning id`;
	return rows.length ? { ok: true } : { ok: false, code: 'NOT_FOUND' };
}

/**
 * Reveal: every private note goes into the board document in one change (committed before this
 * resolves), then the meeting is marked revealed and the private copies are deleted. A crash in
 * between is harmless: revealing again adds the same note ids, which changes nothing.
 */
export async function revealNotes(sql: Sql, meetingId: string, room: Room): Promise<number> {
	const notes = await listPrivateNotes(sql, meetingId);
	await room.change({ kind: 'server', id: 'reveal' }, (doc) => {
		for (const n of notes) {
			addNote(doc, { id: n.id, text: n.text, authorId: n.authorId, createdAt: n.createdAt, colour: n.colour });
		}
	});
	await sql.begin(async (tx) => {
		await tx`update meetings set notes_revealed_at = coalesce(notes_revealed_at, now()) where id = ${meetingId}`;
		await tx`delete from private_notes where meeting_id = ${meetingId}`;
	});
	return notes.length;
}

/** What one newly connected client may know of the private notes. */
export async function sendPrivateState(socket: Socket, sql: Sql, meetingId: string, principal: Principal): Promise<void> {
	const all = await listPrivateNotes(sql, meetingId);
	socket.emit('private:count', all.length);
	if (principal.role === 'moderator') socket.emit('private:all', all);
	else socket.emit('private:notes', all.filter((n) => n.authorId === principal.id));
}

/**
 * Tells clients what they may know of the private notes after a change by `author` (null: the
 * reveal, which concerns everyone). The author's own sockets get their notes and the moderators
 * all of them; the count goes to everyone only when it changed: an edit must not tell the others
 * that someone edited (issue 9, defect 9).
 */
export async function broadcastPrivateState(
	sql: Sql,
	namespace: Namespace,
	meetingId: string,
	change: { author: Pick<Principal, 'role' | 'id'> | null; countChanged: boolean }
): Promise<void> {
	const all = await listPrivateNotes(sql, meetingId);
	if (change.countChanged) namespace.to(socketRooms.meeting(meetingId)).emit('private:count', all.length);
	namespace.to(socketRooms.moderators(meetingId)).emit('private:all', all);
	if (change.author) {
		if (change.author.role !== 'participant') return;
		const authorId = change.author.id;
		namespace.to(socketRooms.person(meetingId, change.author)).emit('private:notes', all.filter((n) => n.authorId === authorId));
		return;
	}
	const byAuthor = new Map<string, PrivateNote[]>();
	for (const n of all) byAuthor.set(n.authorId, [...(byAuthor.get(n.authorId) ?? []), n]);
	for (const socket of await namespace.in(socketRooms.meeting(meetingId)).fetchSockets()) {
		const principal = socket.data.principal as Principal | undefined;
		if (principal?.role === 'participant') socket.emit('private:notes', byAuthor.get(principal.id) ?? []);
	}
}
