import type { Namespace, Socket } from 'socket.io';
import { projectorKey, projectorPath } from '../../src/lib/server/auth/projector';
import { PHASES, type Phase } from '../../src/lib/protocol/authority';
import { controlSchemas, type ControlName, type ControlPayload, type MeetingState, type ModeratedNote } from '../../src/lib/protocol/commands';
import type { Ack } from '../../src/lib/protocol/errors';
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
import { broadcastPrivateState, revealNotes, socketRooms } from './private-notes';
import { broadcastPriorities as sendPriorityList, orderPriorities, preparePriorities, updatePriority } from './ranking';
import { extendTimer, pauseTimer, resumeTimer, startTimer, stopTimer } from './timer';
import { projectMeeting } from '../../src/lib/server/theme-input/project';
import { broadcastVoteState } from './votes';

export interface ControlContext {
	sql: Sql;
	log: Logger;
	meetingId: string;
	principal: Principal;
	namespace: Namespace;
	room: Room;
	/** Ends a removed participant's realtime connections everywhere in this process. */
	disconnectParticipant(participantId: string): void;
	/** Re-reads the meeting's timer after a change (schedules its expiry). */
	timerChanged(meetingId: string): Promise<void>;
	limiter: RateLimiter;
	/** Suggested groups and duplicate hints, computed off the event loop. */
	suggestions: SuggestionService;
	/** The duplicate hints of a live board now (kept up to date as ideas arrive). */
	duplicateHints(room: Room): DuplicateHint[];
	/** Votes, the priority list, the roster or the phase changed: re-project the theme input (debounced). */
	themeInputChanged?(meetingId: string): void;
}

export function meetingState(rules: MeetingRules, now = Date.now()): MeetingState {
	return {
		phase: rules.phase,
		whoMayGroup: rules.whoMayGroup,
		anonymousAuthors: rules.anonymousAuthors,
		lateNotesAllowed: rules.lateNotesAllowed,
		locked: rules.locked,
		notesPrivateUntilReveal: rules.notesPrivateUntilReveal,
		notesRevealed: rules.notesRevealed,
		privateBrainstorm: rules.privateBrainstorm,
		votesRevealed: rules.votesRevealed,
		votesPerParticipant: rules.votesPerParticipant,
		maxVotesPerItem: rules.maxVotesPerItem,
		timer: {
			endsAt: rules.timerEndsAt?.getTime() ?? null,
			remainingMs: rules.timerRemainingMs,
			autoAdvance: rules.timerAutoAdvance,
			serverNow: now
		},
		closedAt: rules.closedAt?.getTime() ?? null
	};
}

type Handler<N extends ControlName> = (context: ControlContext, data: ControlPayload<N>, rules: MeetingRules) => Promise<Ack<Record<string, unknown>>>;

const CONTROL_COMMANDS = Object.keys(controlSchemas) as ControlName[];

/** Moderator-only meeting control on a /meeting socket. Every command is one handler below. */
export function registerControlCommands(socket: Socket, context: ControlContext): void {
	onCommands(socket, CONTROL_COMMANDS, context, run);
}

async function run<N extends ControlName>(name: N, payload: unknown, context: ControlContext): Promise<Ack> {
	if (context.principal.role !== 'moderator') return failure('FORBIDDEN');
	const parsed = controlSchemas[name].safeParse(payload);
	if (!parsed.success) return validationFailure(parsed.error.issues);
	const rules = await commandRules(context.room);
	if (!rules || rules.archived) return failure('NOT_FOUND');
	// A closed meeting is frozen: the board, the votes and the priority list. Only reading remains,
	// and going back one step (a moderator may reopen by mistake-correction).
	if (rules.phase === 'closed' && !READ_ONLY.has(name) && name !== 'meeting:phase') return failure('PHASE_CLOSED');
	const handler = handlers[name] as Handler<N>;
	try {
		return await handler(context, parsed.data as ControlPayload<N>, rules);
	} finally {
		// Write-through of the meeting's rules held by the room (Room.rules): each change below
		// announces itself as soon as it is written; this also covers a change that failed halfway.
		if (!READ_ONLY.has(name)) context.room.rulesChanged();
	}
}

const READ_ONLY: ReadonlySet<ControlName> = new Set(['audit:list', 'moderation:list', 'projector:link']);

const handlers: { [N in ControlName]: Handler<N> } = {
	async 'meeting:phase'(context, { phase: target }) {
		const phase = await changePhase(context, target, context.principal.id);
		if (!phase) return failure('VALIDATION', 'A meeting moves forward one phase, or back one phase, at a time.');
		return { ok: true, phase };
	},

	async 'notes:reveal'(context) {
		const revealed = await reveal(context);
		await audit(context, context.principal.id, 'reveal_notes', { notes: revealed });
		await broadcastState(context);
		return { ok: true, revealed };
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
		const removed = await sql.begin(async (tx) => {
			const rows = await tx`
				update participants set removed_at = now(), removed_by = ${context.principal.id}, votes_used = 0
				where id = ${participantId} and meeting_id = ${meetingId} and removed_at is null
				returning id`;
			if (!rows.length) return false;
			await tx`delete from sessions where participant_id = ${participantId}`;
			// Their votes go with them.
			await tx`delete from votes where participant_id = ${participantId}`;
			await tx`delete from vote_tallies where participant_id = ${participantId}`;
			return true;
		});
		if (!removed) return failure('NOT_FOUND');
		await audit(context, context.principal.id, 'remove_participant', { participantId });
		context.disconnectParticipant(participantId);
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

	async 'rank:order'(context, { clusterIds }, rules) {
		if (rules.phase !== 'rank') return failure('PHASE_CLOSED');
		if (!(await orderPriorities(context.sql, context.meetingId, clusterIds))) {
			return failure('VALIDATION', 'The order must name every priority exactly once.');
		}
		await broadcastPriorities(context);
		context.themeInputChanged?.(context.meetingId);
		return { ok: true };
	},
	async 'rank:update'(context, { clusterId, rationale, isTop }, rules) {
		if (rules.phase !== 'rank') return failure('PHASE_CLOSED');
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
		const entries = await context.sql<{ id: string; action: string; details: unknown; createdAt: Date; moderatorName: string | null }[]>`
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

	async 'board:suggest'(context, _data, rules) {
		if (rules.phase !== 'group') return failure('PHASE_CLOSED');
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

/** What a phase change needs; also used by the timer, which acts without a moderator. */
export type PhaseContext = Pick<ControlContext, 'sql' | 'meetingId' | 'namespace' | 'room' | 'themeInputChanged'>;

/**
 * Moves the meeting to `target` if that is one step from the phase stored now (one conditional
 * UPDATE, so two moderators or a moderator and the timer cannot skip a phase between them), then
 * does what the new phase needs. Returns the new phase, or null when the move was not allowed.
 */
export async function changePhase(context: PhaseContext, target: Phase, moderatorId: string | null): Promise<Phase | null> {
	const { sql, meetingId } = context;
	const index = PHASES.indexOf(target);
	const [row] = await sql<{ phase: Phase }[]>`
		update meetings set phase = ${target}, updated_at = now(),
			-- The countdown belongs to the phase it was started in.
			timer_ends_at = null, timer_remaining_ms = null,
			closed_at = case when ${target} = 'closed' then now() else null end,
			closed_by = case when ${target} = 'closed' then ${moderatorId}::uuid else null end
		where id = ${meetingId}
		  and phase in (${PHASES[index - 1] ?? ''}, ${PHASES[index + 1] ?? ''})
		  and archived_at is null
		  and purged_at is null
		returning phase`;
	if (!row) return null;
	context.room.rulesChanged();
	// Leaving a private brainstorm forward reveals its notes: none may stay hidden by accident.
	if (target !== 'draft' && target !== 'brainstorm') await reveal(context);
	if (target === 'rank') await preparePriorities(sql, meetingId, context.room);
	// Closing makes the theme input definitive at once; other phases re-project it shortly.
	if (target === 'closed') await projectMeeting(sql, meetingId, { final: true });
	else context.themeInputChanged?.(meetingId);
	await audit(context, moderatorId, 'phase', { phase: target });
	await broadcastState(context);
	// Moderators see "X of Y have voted" from the moment voting opens.
	if (target === 'vote') await broadcastVoteState(context.namespace, sql, meetingId);
	if (target === 'rank' || target === 'closed') await broadcastPriorities(context);
	return row.phase;
}

async function timerChanged(context: ControlContext, action: string, details: Record<string, unknown>): Promise<Ack> {
	context.room.rulesChanged();
	await context.timerChanged(context.meetingId);
	await audit(context, context.principal.id, action, details);
	await broadcastState(context);
	return { ok: true };
}

async function reveal(context: PhaseContext): Promise<number> {
	const [meeting] = await context.sql`select notes_revealed_at from meetings where id = ${context.meetingId}`;
	if (meeting?.notesRevealedAt) return 0;
	const revealed = await revealNotes(context.sql, context.meetingId, context.room);
	await broadcastPrivateState(context.sql, context.namespace, context.meetingId, { author: null, countChanged: true });
	return revealed;
}

/** Sends the meeting's state to everyone in it (after every change of phase, timer, lock, reveal). */
export async function broadcastState(context: Pick<ControlContext, 'sql' | 'meetingId' | 'namespace'>): Promise<void> {
	const rules = await meetingRules(context.sql, context.meetingId);
	if (rules) context.namespace.to(socketRooms.meeting(context.meetingId)).emit('meeting:state', meetingState(rules));
}

async function broadcastPriorities(context: Pick<ControlContext, 'sql' | 'meetingId' | 'namespace' | 'room'>): Promise<void> {
	const rules = await meetingRules(context.sql, context.meetingId);
	await sendPriorityList(context.namespace, context.sql, context.meetingId, context.room.doc, rules?.votesRevealed ?? false);
}
