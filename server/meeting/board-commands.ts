import type { Namespace, Socket } from 'socket.io';
import * as Y from 'yjs';
import {
	addNote,
	countNotesBy,
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
	type BoardResult
} from '../../src/lib/board/board';
import { authorize } from '../../src/lib/protocol/authority';
import { COMMAND_NAMES, commandSchemas, type CommandName, type CommandPayload } from '../../src/lib/protocol/commands';
import type { Ack } from '../../src/lib/protocol/errors';
import type { Logger } from '../../src/lib/server/log';
import type { Sql } from '../../src/lib/server/db/sql';
import { isDatabaseUnavailable } from '../../src/lib/server/db/unavailable';
import type { MeetingRules, Principal } from '../board/access';
import type { ChangeOrigin, Room } from '../board/room';
import type { RateLimiter } from '../rate-limit';
import { audit } from './audit';
import { commandRules, failure, onCommands, validationFailure } from './commands';
import {
	addPrivateNote,
	broadcastPrivateState,
	editPrivateNote,
	privateNoteAuthor,
	removePrivateNote
} from './private-notes';

export interface BoardCommandContext {
	sql: Sql;
	log: Logger;
	meetingId: string;
	principal: Principal;
	room: Room;
	namespace: Namespace;
	/** The socket's command rate limit, shared by every kind of command. */
	limiter: RateLimiter;
}

/**
 * Board commands on a /meeting socket: validate the payload → authorise against the meeting's
 * rules read from PostgreSQL → apply to the room's document → ack once committed.
 */
export function registerBoardCommands(socket: Socket, context: BoardCommandContext): void {
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
	try {
		rules = await commandRules(context.sql, context.meetingId);
		room.lastKnownRules = rules;
	} catch (error) {
		if (!isDatabaseUnavailable(error)) throw error;
		// While PostgreSQL is unreachable nobody can change the rules either, so the last rules
		// read still hold; the change waits in memory until it can be saved (saving paused).
		rules = room.lastKnownRules;
		if (!rules) return failure('UNAVAILABLE');
	}
	if (!rules || rules.archived) return failure('NOT_FOUND');

	let ownNote: boolean | undefined;
	let privateNote = false;
	if (name === 'note:edit' || name === 'note:remove') {
		const id = (parsed.data as { id: string }).id;
		const privateAuthor = rules.privateBrainstorm ? await privateNoteAuthor(context.sql, context.meetingId, id) : null;
		const note = privateAuthor ? null : getNote(room.doc, id);
		if (!privateAuthor && !note) return failure('NOT_FOUND');
		privateNote = privateAuthor !== null;
		ownNote = (privateAuthor ?? note?.authorId) === principal.id;
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

	if (rules.privateBrainstorm && (name === 'note:add' || privateNote)) {
		const result = await applyPrivate(name, parsed.data, context);
		if (result.ok) {
			await broadcastPrivateState(context.sql, context.namespace, context.meetingId, { author: principal, countChanged: name !== 'note:edit' });
		}
		return result.ok ? { ok: true } : failure(result.code);
	}

	const result = await room.change(origin, (doc) => apply(doc, name, parsed.data, principal));
	if (!result.ok) return failure(result.code === 'NOTE_NOT_FOUND' || result.code === 'CLUSTER_NOT_FOUND' ? 'NOT_FOUND' : result.code === 'INVALID_INPUT' ? 'VALIDATION' : result.code);
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

/** A note command during a private brainstorm: the note stays out of the shared document. */
function applyPrivate(name: CommandName, data: unknown, context: BoardCommandContext) {
	const { sql, meetingId, principal, room } = context;
	switch (name) {
		case 'note:add': {
			const d = data as CommandPayload<'note:add'>;
			return addPrivateNote(sql, meetingId, principal, d, countNotesBy(room.doc, principal.id));
		}
		case 'note:edit': {
			const d = data as CommandPayload<'note:edit'>;
			return editPrivateNote(sql, meetingId, d.id, d.text);
		}
		case 'note:remove':
			return removePrivateNote(sql, meetingId, (data as CommandPayload<'note:remove'>).id);
		default:
			throw new Error(`${name} is not a private note command`);
	}
}

function apply(doc: Y.Doc, name: CommandName, data: unknown, principal: Principal): BoardResult<unknown> {
	switch (name) {
		case 'note:add': {
			const d = data as CommandPayload<'note:add'>;
			return addNote(doc, { id: d.id, text: d.text, colour: d.colour, clusterId: d.clusterId, authorId: principal.id, createdAt: Date.now() });
		}
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
