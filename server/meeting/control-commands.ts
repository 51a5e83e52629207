import type { MeetingNamespace, MeetingSocket } from './socket';
import { projectorKey, projectorPath } from '../../src/lib/server/auth/projector';
import { authorizeControl, isReadOnlyControl } from '../../src/lib/protocol/authority';
import { controlSchemas, type ControlName, type ControlPayload, type ModeratedNote } from '../../src/lib/protocol/commands';
import type { Ack } from '../../src/lib/protocol/errors';
import type { CommandAnswer } from '../../src/lib/protocol/contract';
import type { Logger } from '../../src/lib/server/log';
import type { SuggestionService } from '../../src/lib/server/services';
import type { Sql } from '../../src/lib/server/db/sql';
import { meetingRules, type MeetingRules, type Principal } from '../board/access';
import type { Room } from '../board/room';
import { listClusters, notesIn } from '../../src/lib/board/read';
import type { Note } from '../../src/lib/board/records';
import type { DuplicateHint, SuggestInput } from '../../src/lib/suggest/suggester';
import type { RateLimiter } from '../rate-limit';
import { audit } from './audit';
import { commandRules, failure, onCommands, validationFailure } from './commands';
import { mergeNotes, moderateNote, restoreNote } from './moderation';
import { broadcastPriorities as sendPriorityList, orderPriorities, updatePriority } from './ranking';
import { extendTimer, pauseTimer, resumeTimer, startTimer, stopTimer } from './timer';
import { removeParticipant } from '../../src/lib/server/db/participants';
import { broadcastState } from './meeting-state';
import { changePhase, revealNow, type FaultHook } from './phase-change';
import { broadcastVoteState } from './votes';
import type { Clock } from '../../src/lib/engine/clock';

export interface ControlContext {
	sql: Sql;
	log: Logger;
	meetingId: string;
	principal: Principal;
	namespace: MeetingNamespace;
	room: Room;
	/** The time, for the state sent to clients and the timer. */
	clock: Clock;
	/** Ends a removed participant's realtime connections on every instance. */
	disconnectParticipant(meetingId: string, participantId: string): void;
	/** Re-reads the meeting's timer after a change (schedules its expiry). */
	timerChanged(meetingId: string): Promise<void>;
	limiter: RateLimiter;
	/** Suggested groups and duplicate hints, computed off the event loop. */
	suggestions: SuggestionService;
	/** The duplicate hints of a live board now (kept up to date as ideas arrive). */
	duplicateHints(room: Room): DuplicateHint[];
	/** Votes, the priority list, the roster or the phase changed: re-project the theme input (debounced). */
	themeInputChanged?(meetingId: string): void;
	/** Fault injection inside transitions, for tests. */
	faults?: FaultHook;
}

type Handler<N extends ControlName> = (context: ControlContext, data: ControlPayload<N>, rules: MeetingRules) => Promise<CommandAnswer<N>>;

const CONTROL_COMMANDS = Object.keys(controlSchemas) as ControlName[];

/** Moderator-only meeting control on a /meeting socket. Every command is one handler below. */
export function registerControlCommands(socket: MeetingSocket, context: ControlContext): void {
	onCommands(socket, CONTROL_COMMANDS, context, run);
}

async function run<N extends ControlName>(name: N, payload: unknown, context: ControlContext): Promise<Ack> {
	// Refused before anything is read: only moderators control a meeting.
	if (context.principal.role !== 'moderator') return failure('FORBIDDEN');
	const parsed = controlSchemas[name].safeParse(payload);
	if (!parsed.success) return validationFailure(parsed.error.issues);
	const rules = await commandRules(context.room);
	if (!rules || rules.archived) return failure('NOT_FOUND');
	const decision = authorizeControl(name, { role: context.principal.role, phase: rules.phase });
	if (!decision.ok) return failure(decision.code);
	const handler = handlers[name] as Handler<N>;
	try {
		return await handler(context, parsed.data as ControlPayload<N>, rules);
	} finally {
		// Write-through of the meeting's rules held by the room (Room.rules): each change below
		// announces itself as soon as it is written; this also covers a change that failed halfway.
		if (!isReadOnlyControl(name)) context.room.rulesChanged();
	}
}

const handlers: { [N in ControlName]: Handler<N> } = {
	async 'meeting:phase'(context, { phase: target }) {
		const phase = await changePhase(context, target, context.principal.id);
		if (!phase) return failure('VALIDATION', 'A meeting moves forward one phase, or back one phase, at a time.');
		return { ok: true, phase };
	},

	async 'notes:reveal'(context) {
		return { ok: true, revealed: await revealNow(context, context.principal.id) };
	},

	async 'votes:reveal'(context, _payload, rules) {
		await context.sql`update meetings set votes_revealed_at = coalesce(votes_revealed_at, now()) where id = ${context.meetingId}`;
		context.room.rulesChanged();
		await audit(context, context.principal.id, 'reveal_votes', {});
		await broadcastState(context);
		await broadcastVoteState(context.namespace, context.sql, context.meetingId);
		// Revealed during ranking: the priority list now shows its votes to everyone.
		if (rules.phase === 'rank' || rules.phase === 'closed') await broadcastPriorities(context);
		return { ok: true };
	},

	async 'participant:remove'(context, { participantId }) {
		const { sql, meetingId } = context;
		if (!(await removeParticipant(sql, meetingId, participantId, context.principal.id))) return failure('NOT_FOUND');
		context.disconnectParticipant(meetingId, participantId);
		await broadcastVoteState(context.namespace, sql, meetingId);
		context.themeInputChanged?.(meetingId);
		return { ok: true };
	},

	async 'board:lock'(context, { locked }) {
		await context.sql`update meetings set locked = ${locked} where id = ${context.meetingId}`;
		context.room.rulesChanged();
		await audit(context, context.principal.id, locked ? 'lock' : 'unlock', {});
		await broadcastState(context);
		return { ok: true };
	},

	async 'timer:start'(context, { seconds, autoAdvance }) {
		await startTimer(context.sql, context.meetingId, seconds, autoAdvance);
		return timerChanged(context, 'timer_start', { seconds, autoAdvance });
	},
	async 'timer:pause'(context) {
		if (!(await pauseTimer(context.sql, context.meetingId))) return failure('VALIDATION', 'The timer is not running.');
		return timerChanged(context, 'timer_pause', {});
	},
	async 'timer:resume'(context) {
		if (!(await resumeTimer(context.sql, context.meetingId))) return failure('VALIDATION', 'The timer is not paused.');
		return timerChanged(context, 'timer_resume', {});
	},
	async 'timer:extend'(context, { seconds }) {
		await extendTimer(context.sql, context.meetingId, seconds);
		return timerChanged(context, 'timer_extend', { seconds });
	},
	async 'timer:stop'(context) {
		await stopTimer(context.sql, context.meetingId);
		return timerChanged(context, 'timer_stop', {});
	},

	async 'rank:order'(context, { clusterIds }) {
		if (!(await orderPriorities(context.sql, context.meetingId, clusterIds))) {
			return failure('VALIDATION', 'The order must name every priority exactly once.');
		}
		await broadcastPriorities(context);
		context.themeInputChanged?.(context.meetingId);
		return { ok: true };
	},
	async 'rank:update'(context, { clusterId, rationale, isTop }) {
		if (!(await updatePriority(context.sql, context.meetingId, clusterId, { rationale, isTop }))) return failure('NOT_FOUND');
		await broadcastPriorities(context);
		context.themeInputChanged?.(context.meetingId);
		return { ok: true };
	},

	async 'note:moderate'(context, { noteId, action, reason }) {
		const { sql, namespace, room, principal } = context;
		const result =
			action === 'restore'
				? await restoreNote(sql, namespace, room, principal, noteId)
				: await moderateNote(sql, namespace, room, principal, noteId, action === 'hide' ? 'hidden' : 'removed', reason);
		if (!result.ok) return failure(result.code);
		await audit(context, context.principal.id, `note_${action}`, { noteId, reason });
		return { ok: true };
	},
	async 'note:merge'(context, { sourceId, targetId }) {
		const result = await mergeNotes(context.sql, context.namespace, context.room, context.principal, sourceId, targetId);
		if (!result.ok) return failure(result.code);
		await audit(context, context.principal.id, 'note_merge', { sourceId, targetId });
		await broadcastVoteState(context.namespace, context.sql, context.meetingId);
		return { ok: true };
	},

	async 'audit:list'(context) {
		const entries = await context.sql<{ id: string; action: string; details: Record<string, unknown>; createdAt: Date; moderatorName: string | null }[]>`
			select a.id, a.action, a.details, a.created_at, m.name as moderator_name
			from audit_log a left join moderators m on m.id = a.moderator_id
			where a.meeting_id = ${context.meetingId} order by a.id desc limit 500`;
		return { ok: true, entries: entries.map((e) => ({ ...e, id: Number(e.id), createdAt: e.createdAt.getTime() })) };
	},

	async 'moderation:list'(context) {
		const rows = await context.sql<
			{ noteId: string; note: { text?: unknown }; status: ModeratedNote['status']; reason: string; createdAt: Date; moderatorName: string | null }[]
		>`
			select n.note_id, n.note, n.status, n.reason, n.created_at, m.name as moderator_name
			from note_moderation n left join moderators m on m.id = n.moderator_id
			where n.meeting_id = ${context.meetingId} order by n.created_at desc limit 500`;
		const notes: ModeratedNote[] = rows.map((r) => ({
			noteId: r.noteId,
			text: typeof r.note.text === 'string' ? r.note.text : '',
			status: r.status,
			reason: r.reason,
			createdAt: r.createdAt.getTime(),
			moderatorName: r.moderatorName
		}));
		return { ok: true, notes };
	},

	async 'board:suggest'(context) {
		// One computation per meeting at a time: a second request while one runs is refused.
		if (suggesting.has(context.meetingId)) return failure('RATE_LIMITED');
		suggesting.add(context.meetingId);
		try {
			const suggestions = await context.suggestions.suggest(suggestionInput(context.room));
			return { ok: true, ...suggestions };
		} finally {
			suggesting.delete(context.meetingId);
		}
	},

	async 'duplicates:list'(context) {
		return { ok: true, duplicates: context.duplicateHints(context.room) };
	},

	async 'projector:link'(context, { replace }) {
		const result = await projectorKey(context.sql, context.meetingId, { replace: replace ?? false });
		if (!result) return failure('NOT_FOUND');
		if (result.created) await audit(context, context.principal.id, 'projector_link', {});
		return { ok: true, path: projectorPath(context.meetingId, result.key), created: result.created };
	}
};

/** Meetings whose suggestions are being computed now. */
const suggesting = new Set<string>();

/**
 * What a suggestion method may see: the texts and ids of the notes on the board (the document holds
 * public notes only; private ones stay in private_notes until the reveal), never their authors.
 */
function suggestionInput(room: Room): SuggestInput {
	const idea = (n: Note) => ({ id: n.id, text: n.text, createdAt: n.createdAt });
	return {
		ideas: notesIn(room.doc, null).map(idea),
		groups: listClusters(room.doc).map((c) => ({ id: c.id, title: c.title, ideas: notesIn(room.doc, c.id).map(idea) }))
	};
}

async function timerChanged(context: ControlContext, action: string, details: Record<string, unknown>): Promise<Ack> {
	context.room.rulesChanged();
	await context.timerChanged(context.meetingId);
	await audit(context, context.principal.id, action, details);
	await broadcastState(context);
	return { ok: true };
}

async function broadcastPriorities(context: Pick<ControlContext, 'sql' | 'meetingId' | 'namespace' | 'room'>): Promise<void> {
	const rules = await meetingRules(context.sql, context.meetingId);
	await sendPriorityList(context.namespace, context.sql, context.meetingId, context.room.doc, rules?.votesRevealed ?? false);
}
