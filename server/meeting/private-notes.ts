import type { MeetingNamespace, MeetingSocket } from './socket';
import { listPrivateNotes, notesBy } from '../../src/lib/server/db/notes';
import type { Sql } from '../../src/lib/server/db/sql';
import type { PrivateNote } from '../../src/lib/protocol/commands';
import type { Principal } from '../board/access';

// A private brainstorm: notes are recorded in `notes` as private, with their text, outside the
// shared board document, and each participant receives only their own (and the count of
// everyone's). Moderators receive all. The reveal puts them into the document in one change and
// makes them board notes: a change of visibility, the same note, id and author.

export type { PrivateNote };

/** socket.io rooms: everyone in a meeting, its moderators, and one participant's sockets. */
export const socketRooms = {
	meeting: (meetingId: string) => meetingId,
	moderators: (meetingId: string) => `${meetingId}:moderators`,
	/** Who learns how many have voted before the reveal: the moderators and the room's screen. */
	voteProgress: (meetingId: string) => `${meetingId}:vote-progress`,
	person: (meetingId: string, principal: Pick<Principal, 'role' | 'id'>) => `${meetingId}:${principal.role}:${principal.id}`
};

/** What one newly connected client may know of the private notes, and which notes are its own. */
export async function sendPrivateState(socket: MeetingSocket, sql: Sql, meetingId: string, principal: Principal): Promise<void> {
	const all = await listPrivateNotes(sql, meetingId);
	socket.emit('private:count', all.length);
	if (principal.role === 'moderator') socket.emit('private:all', all);
	else socket.emit('private:notes', all.filter((n) => n.authorId === principal.id));
	if (principal.role !== 'projector') socket.emit('notes:mine', await notesBy(sql, meetingId, principal.id));
}

/**
 * Tells an author which notes are theirs (after they added or removed one): the board document
 * names no author, so this is how their own browser knows (issue 9, defect 8).
 */
export async function sendMyNotes(sql: Sql, namespace: MeetingNamespace, meetingId: string, author: Pick<Principal, 'role' | 'id'>): Promise<void> {
	if (author.role === 'projector') return;
	namespace.to(socketRooms.person(meetingId, author)).emit('notes:mine', await notesBy(sql, meetingId, author.id));
}

/**
 * Tells clients what they may know of the private notes after a change by `author` (null: the
 * reveal, which concerns everyone). The author's own sockets get their notes and the moderators
 * all of them; the count goes to everyone only when it changed: an edit must not tell the others
 * that someone edited (issue 9, defect 9).
 */
export async function broadcastPrivateState(
	sql: Sql,
	namespace: MeetingNamespace,
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
