import type { BoardSnapshot } from '../../board/read';
import type { NoteColour } from '../../board/records';
import type { OutboxItem } from '../../client/outbox';
import type { PrivateNote } from '../../protocol/commands';

/** A note of one's own as "Mina idéer" shows it: saved, or still waiting to be sent. */
export interface OwnNote {
	id: string;
	text: string;
	colour: NoteColour;
	/** True while a command about the note waits for the server's acknowledgement. */
	pending: boolean;
	/** False for a note not yet on the board (written offline or not yet acknowledged). */
	saved: boolean;
}

const idOf = (item: OutboxItem): string | null => (typeof item.payload.id === 'string' ? item.payload.id : null);

/** Every note id that a waiting command adds, changes, moves or removes. */
export function pendingNoteIds(pending: readonly OutboxItem[]): Set<string> {
	const ids = new Set<string>();
	for (const item of pending) {
		const id = idOf(item);
		if (id && item.name.startsWith('note:')) ids.add(id);
	}
	return ids;
}

/**
 * The ids of my notes: those the server says I wrote (`notes:mine`) and those my waiting adds
 * name (on the board a moment before the server's word arrives).
 */
export function mineWithWaiting(fromServer: readonly string[] | undefined, pending: readonly OutboxItem[]): ReadonlySet<string> {
	const ids = new Set(fromServer ?? []);
	for (const item of pending) {
		const id = idOf(item);
		if (id && item.name === 'note:add') ids.add(id);
	}
	return ids;
}

/** Who I am on the board: my id and the ids of the notes the server says I wrote (`notes:mine`). */
export interface Me {
	id: string;
	noteIds: ReadonlySet<string>;
}

/**
 * One's own notes, newest first: those on the board or kept private until the reveal, with the
 * text of a waiting edit shown already, and those still in the outbox. A note is listed once,
 * even while its add is both acknowledged and not yet removed from the outbox. The board names
 * no author: a note on it is mine when the server said so, or while my add of it still waits.
 */
export function ownNotes(board: BoardSnapshot, me: Me, pending: readonly OutboxItem[], privateNotes: readonly PrivateNote[] = []): OwnNote[] {
	const adding = new Set(pending.filter((i) => i.name === 'note:add').map(idOf));
	const everyBoardNote = [...board.unclustered, ...board.clusters.flatMap((c) => c.notes)];
	const boardIds = new Set(everyBoardNote.map((n) => n.id));
	const onBoard: { id: string; text: string; colour: NoteColour; createdAt: number }[] = everyBoardNote.filter(
		(n) => me.noteIds.has(n.id) || adding.has(n.id)
	);
	// A private note revealed a moment ago may still be in the last private list: the board wins.
	onBoard.push(...privateNotes.filter((n) => n.authorId === me.id && !boardIds.has(n.id)));
	const known = new Set([...boardIds, ...onBoard.map((n) => n.id)]);
	const waiting = pendingNoteIds(pending);
	const editedText = new Map<string, string>();
	for (const item of pending) {
		const id = idOf(item);
		if (id && item.name === 'note:edit' && typeof item.payload.text === 'string') editedText.set(id, item.payload.text);
	}

	const saved: (OwnNote & { at: number })[] = onBoard.map((n) => ({ id: n.id, text: editedText.get(n.id) ?? n.text, colour: n.colour, pending: waiting.has(n.id), saved: true, at: n.createdAt }));
	const unsent: (OwnNote & { at: number })[] = [];
	for (const item of pending) {
		const id = idOf(item);
		if (item.name !== 'note:add' || !id || known.has(id) || typeof item.payload.text !== 'string') continue;
		known.add(id);
		const colour = (item.payload.colour as NoteColour | undefined) ?? 'yellow';
		unsent.push({ id, text: editedText.get(id) ?? item.payload.text.trim(), colour, pending: true, saved: false, at: item.queuedAt });
	}
	return [...saved, ...unsent].sort((a, b) => b.at - a.at).map(({ at: _at, ...note }) => note);
}
