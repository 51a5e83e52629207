import type { MeetingNamespace, MeetingSocket } from './socket';
import * as Y from 'yjs';
import {
	addNote,
	createCluster,
	editNote,
	getNote,
	mergeClusters,
	moveNote,
	moveNotes,
	removeCluster,
	removeNote,
	renameCluster,
	reorderCluster,
	type BoardError,
	type BoardResult
} from '../../src/lib/board/board';
import { noteText } from '../../src/lib/board/schema';
import { authorize } from '../../src/lib/protocol/authority';
import { COMMAND_NAMES, commandSchemas, type CommandName, type CommandPayload } from '../../src/lib/protocol/commands';
import type { Ack, ErrorCode } from '../../src/lib/protocol/errors';
import type { Logger } from '../../src/lib/server/log';
import type { Sql } from '../../src/lib/server/db/sql';
import { deleteNoteRecord, editPrivateNote, noteRecord, recordNote, removePrivateNote } from '../../src/lib/server/db/notes';
import { isDatabaseUnavailable } from '../../src/lib/server/db/unavailable';
import type { MeetingRules, Principal } from '../board/access';
import type { ChangeOrigin, Room } from '../board/room';
import type { RateLimiter } from '../rate-limit';
import { audit } from './audit';
import { commandRules, failure, onCommands, validationFailure } from './commands';
import { broadcastPrivateState, sendMyNotes } from './private-notes';
import type { Clock } from '../../src/lib/engine/clock';

export interface BoardCommandContext {
	sql: Sql;
	log: Logger;
	meetingId: string;
	principal: Principal;
	room: Room;
	namespace: MeetingNamespace;
	/** The time a new idea is stamped with. */
	clock: Clock;
	/** The socket's command rate limit, shared by every kind of command. */
	limiter: RateLimiter;
}

/**
 * Board commands on a /meeting socket: validate the payload → authorise against the meeting's
 * rules read from PostgreSQL → apply to the room's document → ack once committed.
 */
export function registerBoardCommands(socket: MeetingSocket, context: BoardCommandContext): void {
	onCommands(socket, COMMAND_NAMES, context, run);
}

async function run(name: CommandName, payload: unknown, context: BoardCommandContext): Promise<Ack<{ moved?: number }>> {
	const parsed = commandSchemas[name].safeParse(payload);
	if (!parsed.success) return validationFailure(parsed.error.issues);
	const { room, principal } = context;
	const origin: ChangeOrigin = { kind: principal.role === 'moderator' ? 'moderator' : 'participant', id: principal.id };
	// Saving is paused: the changes made so far wait in memory for PostgreSQL; new ones are
	// refused at once rather than acknowledged only when the outage ends (issue 9, defect 21).
	if (room.savingPaused) return failure('UNAVAILABLE');
	let rules: MeetingRules | null;
	let offline = false;
	try {
		rules = await commandRules(room);
	} catch (error) {
		if (!isDatabaseUnavailable(error)) throw error;
		// While PostgreSQL is unreachable nobody can change the rules either, so the last rules
		// read still hold; the change waits in memory until it can be saved (saving paused).
		rules = room.lastKnownRules;
		offline = true;
		if (!rules) return failure('UNAVAILABLE');
	}
	if (!rules || rules.archived) return failure('NOT_FOUND');
	// Notes are recorded with their authors in PostgreSQL: without it, adding, editing or
	// removing one cannot even be judged.
	if (offline && (name === 'note:add' || name === 'note:edit' || name === 'note:remove')) return failure('UNAVAILABLE');

	let ownNote: boolean | undefined;
	let privateNote = false;
	if (name === 'note:edit' || name === 'note:remove') {
		const id = (parsed.data as { id: string }).id;
		// The author is known only server-side: the document names none (issue 9, defect 8).
		const record = await noteRecord(context.sql, context.meetingId, id);
		privateNote = record?.private ?? false;
		if (!privateNote && !getNote(room.doc, id)) return failure('NOT_FOUND');
		ownNote = record?.authorId === principal.id;
	}
	const decision = authorize(name, {
		role: principal.role,
		phase: rules.phase,
		whoMayGroup: rules.whoMayGroup,
		locked: rules.locked,
		ownNote,
		lateNotesAllowed: rules.lateNotesAllowed
	});
	if (!decision.ok) return failure(decision.code);

	if (name === 'note:add') return addIdea(parsed.data as CommandPayload<'note:add'>, rules, context, origin);
	if (privateNote) return changePrivate(name, parsed.data, context);

	const result = await room.change(origin, (doc) => apply(doc, name, parsed.data));
	if (!result.ok) return failure(boardFailure(result.code));
	if (name === 'note:remove') {
		const id = (parsed.data as CommandPayload<'note:remove'>).id;
		const author = await noteRecord(context.sql, context.meetingId, id);
		await deleteNoteRecord(context.sql, context.meetingId, id);
		if (author) await sendMyNotes(context.sql, context.namespace, context.meetingId, { role: author.authorId === principal.id ? principal.role : 'participant', id: author.authorId });
	}
	if (name === 'notes:move') {
		// One audit entry for the whole batch, written after the board change is committed.
		const d = parsed.data as CommandPayload<'notes:move'>;
		const by = principal.role === 'moderator' ? principal.id : null;
		await audit(context, by, 'notes_move', {
			count: d.ids.length,
			noteIds: d.ids,
			clusterId: d.clusterId,
			...(d.newCluster ? { newClusterTitle: d.newCluster.title } : {}),
			...(by ? {} : { participantId: principal.id })
		});
		return { ok: true, moved: d.ids.length };
	}
	return { ok: true };
}

const boardFailure = (code: BoardError): ErrorCode =>
	code === 'NOTE_NOT_FOUND' || code === 'CLUSTER_NOT_FOUND' ? 'NOT_FOUND' : code === 'INVALID_INPUT' ? 'VALIDATION' : code;

/**
 * A new idea, private or for the board, through one pipeline: it is recorded with its author,
 * where the limits are judged atomically (issue 9, defect 5), and acknowledged only once stored:
 * a private idea with that record, a board idea once the document change is committed too. A
 * retry finds its record and waits for the same commit (defect 18).
 */
async function addIdea(d: CommandPayload<'note:add'>, rules: MeetingRules, context: BoardCommandContext, origin: ChangeOrigin): Promise<Ack> {
	const { sql, meetingId, principal, room, namespace } = context;
	const text = noteText.safeParse(d.text);
	if (!text.success) return validationFailure(text.error.issues);
	const colour = d.colour ?? 'yellow';
	const asBoardNote = { id: d.id, authorId: principal.id, visibility: 'board' as const };
	let recorded = await room.exclusive(() =>
		rules.privateBrainstorm
			? recordNote(sql, meetingId, { id: d.id, authorId: principal.id, visibility: 'private', text: text.data, colour })
			: recordNote(sql, meetingId, asBoardNote)
	);
	// Revealed since the rules were read: the idea goes onto the board.
	if (!recorded.ok && recorded.code === 'REVEALED') recorded = await room.exclusive(() => recordNote(sql, meetingId, asBoardNote));
	if (!recorded.ok) return failure(recorded.code === 'REVEALED' ? 'PHASE_CLOSED' : recorded.code);
	if (recorded.private) {
		if (recorded.added) {
			await broadcastPrivateState(sql, namespace, meetingId, { author: principal, countChanged: true });
			await sendMyNotes(sql, namespace, meetingId, principal);
		}
		return { ok: true };
	}
	const result = await room.change(origin, (doc) =>
		addNote(doc, { id: d.id, text: text.data, colour, clusterId: d.clusterId, createdAt: context.clock.now() })
	);
	if (!result.ok) {
		if (recorded.added) await deleteNoteRecord(sql, meetingId, d.id);
		return failure(boardFailure(result.code));
	}
	if (recorded.added) await sendMyNotes(sql, namespace, meetingId, principal);
	return { ok: true };
}

/** Editing or removing a private note (before the reveal): it stays out of the shared document. */
async function changePrivate(name: CommandName, data: unknown, context: BoardCommandContext): Promise<Ack> {
	const { sql, meetingId, principal, namespace } = context;
	if (name === 'note:edit') {
		const d = data as CommandPayload<'note:edit'>;
		const text = noteText.safeParse(d.text);
		if (!text.success) return validationFailure(text.error.issues);
		if (!(await editPrivateNote(sql, meetingId, d.id, text.data))) return failure('NOT_FOUND');
		await broadcastPrivateState(sql, namespace, meetingId, { author: principal, countChanged: false });
		return { ok: true };
	}
	const record = await noteRecord(sql, meetingId, (data as CommandPayload<'note:remove'>).id);
	if (!record || !(await removePrivateNote(sql, meetingId, (data as CommandPayload<'note:remove'>).id))) return failure('NOT_FOUND');
	await broadcastPrivateState(sql, namespace, meetingId, { author: principal, countChanged: true });
	await sendMyNotes(sql, namespace, meetingId, { role: record.authorId === principal.id ? principal.role : 'participant', id: record.authorId });
	return { ok: true };
}

function apply(doc: Y.Doc, name: CommandName, data: unknown): BoardResult<unknown> {
	switch (name) {
		case 'note:add':
			throw new Error('note:add goes through addIdea');
		case 'note:edit': {
			const d = data as CommandPayload<'note:edit'>;
			return editNote(doc, d.id, d.text);
		}
		case 'note:remove':
			return removeNote(doc, (data as CommandPayload<'note:remove'>).id);
		case 'note:move': {
			const d = data as CommandPayload<'note:move'>;
			return moveNote(doc, d.id, d.clusterId, d.beforeId ?? null);
		}
		case 'notes:move': {
			const d = data as CommandPayload<'notes:move'>;
			return moveNotes(doc, d.ids, d.clusterId, d.newCluster);
		}
		case 'cluster:create': {
			const d = data as CommandPayload<'cluster:create'>;
			return createCluster(doc, d);
		}
		case 'cluster:rename': {
			const d = data as CommandPayload<'cluster:rename'>;
			return renameCluster(doc, d.id, d.title);
		}
		case 'cluster:remove':
			return removeCluster(doc, (data as CommandPayload<'cluster:remove'>).id);
		case 'cluster:merge': {
			const d = data as CommandPayload<'cluster:merge'>;
			return mergeClusters(doc, d.sourceId, d.targetId);
		}
		case 'cluster:reorder': {
			const d = data as CommandPayload<'cluster:reorder'>;
			return reorderCluster(doc, d.id, d.beforeId);
		}
		default: {
			const unknown: never = name;
			throw new Error(`Unhandled command ${String(unknown)}`);
		}
	}
}
