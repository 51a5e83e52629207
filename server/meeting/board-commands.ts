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
	removeCluster,
	removeNote,
	renameCluster,
	reorderCluster,
	type BoardResult
} from '../../src/lib/board/board';
import { authorize } from '../../src/lib/protocol/authority';
import { COMMAND_NAMES, commandSchemas, type CommandName, type CommandPayload } from '../../src/lib/protocol/commands';
import type { Ack, ErrorCode } from '../../src/lib/protocol/errors';
import type { Logger } from '../../src/lib/server/log';
import type { Sql } from '../../src/lib/server/db/sql';
import { meetingRules, type MeetingRules, type Principal } from '../board/access';
import type { ChangeOrigin, Room } from '../board/room';
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
	/** Commands per second a socket may send (sustained), and its burst. */
	rate?: { perSecond: number; burst: number };
}

const MESSAGES: Record<ErrorCode, string> = {
	VALIDATION: 'The command does not match its schema.',
	UNAUTHENTICATED: 'Not signed in to this meeting.',
	FORBIDDEN: 'Your role may not do this.',
	PHASE_CLOSED: 'The meeting’s current phase does not allow this.',
	BOARD_LOCKED: 'The board is locked by the moderator.',
	NOT_FOUND: 'No such meeting, note or cluster.',
	NOTE_LIMIT: 'You have reached the limit of notes per participant.',
	CLUSTER_LIMIT: 'The board has reached its limit of clusters.',
	BOARD_FULL: 'The board has reached its limit of notes.',
	VOTE_BUDGET: 'You have used all your votes; take one back to vote elsewhere.',
	VOTE_ITEM_CAP: 'You have put the most votes allowed on this item.',
	RATE_LIMITED: 'Too many commands; try again in a moment.',
	UNAVAILABLE: 'Saving is paused; try again in a moment.',
	INTERNAL: 'An unexpected error occurred.'
};

export function failure(code: ErrorCode, message = MESSAGES[code]): Ack {
	return { ok: false, code, message };
}

/**
 * Board commands on a /meeting socket: validate the payload → authorise against the meeting's
 * rules read from PostgreSQL → apply to the room's document → ack once committed.
 */
export function registerBoardCommands(socket: Socket, context: BoardCommandContext): void {
	const rate = context.rate ?? { perSecond: 20, burst: 60 };
	const bucket = { tokens: rate.burst, at: Date.now() };
	const origin: ChangeOrigin = { kind: context.principal.role === 'moderator' ? 'moderator' : 'participant', id: context.principal.id };

	for (const name of COMMAND_NAMES) {
		socket.on(name, async (payload: unknown, ack: unknown) => {
			if (typeof ack !== 'function') return; // every command is acknowledged; without a callback it is ignored
			const reply = ack as (response: Ack) => void;
			const now = Date.now();
			bucket.tokens = Math.min(rate.burst, bucket.tokens + ((now - bucket.at) / 1000) * rate.perSecond);
			bucket.at = now;
			if (bucket.tokens < 1) return reply(failure('RATE_LIMITED'));
			bucket.tokens -= 1;
			try {
				reply(await run(name, payload, context, origin));
			} catch (error) {
				context.log.error(`Board command ${name} failed`, error);
				reply(failure('INTERNAL'));
			}
		});
	}
}

async function run(name: CommandName, payload: unknown, context: BoardCommandContext, origin: ChangeOrigin): Promise<Ack> {
	const parsed = commandSchemas[name].safeParse(payload);
	if (!parsed.success) return failure('VALIDATION', parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
	const { room, principal } = context;
	let rules: MeetingRules | null;
	try {
		rules = await meetingRules(context.sql, context.meetingId);
		room.lastKnownRules = rules;
	} catch {
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
		if (result.ok) await broadcastPrivateState(context.sql, context.namespace, context.meetingId);
		return result.ok ? { ok: true } : failure(result.code);
	}

	const result = await room.change(origin, (doc) => apply(doc, name, parsed.data, principal));
	if (!result.ok) return failure(result.code === 'NOTE_NOT_FOUND' || result.code === 'CLUSTER_NOT_FOUND' ? 'NOT_FOUND' : result.code === 'INVALID_INPUT' ? 'VALIDATION' : result.code);
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
