import type { MeetingNamespace } from './socket';
import { addNote } from '../../src/lib/board/board';
import { phaseChange, type PhaseBroadcast, type PhaseEffect } from '../../src/lib/engine/transitions';
import type { Phase } from '../../src/lib/engine/phases';
import { listPrivateNotes, markRevealed } from '../../src/lib/server/db/notes';
import type { Queries, Sql } from '../../src/lib/server/db/sql';
import { projectMeetingIn } from '../../src/lib/server/theme-input/project';
import { meetingRules } from '../board/access';
import type { BoardDraft, Room } from '../board/room';
import { Fenced } from '../board/store';
import { expireTimerIn } from './timer';
import { audit } from './audit';
import { broadcastPrivateState, socketRooms } from './private-notes';
import { broadcastPriorities, preparePriorities } from './ranking';
import { broadcastVoteState } from './votes';
import { meetingState } from './meeting-state';
import type { Clock } from '../../src/lib/engine/clock';

/**
 * A point inside a transition where a test may inject a fault (throw, as a crash would stop it):
 * before each effect, before the commit, and after the commit before anyone is told.
 */
export type TransitionPoint = PhaseEffect | 'commit' | 'committed';
export type FaultHook = (point: TransitionPoint, meetingId: string) => void | Promise<void>;

/** What a transition needs; the timer uses it too, acting without a moderator. */
export interface PhaseContext {
	sql: Sql;
	meetingId: string;
	namespace: MeetingNamespace;
	room: Room;
	/** The time, for the state sent to clients. */
	clock: Clock;
	/** Votes, the priority list, the roster or the phase changed: re-project the theme input (debounced). */
	themeInputChanged?(meetingId: string): void;
	/** Fault injection for tests; absent in production. */
	faults?: FaultHook;
}

/**
 * Moves the meeting to `target` when that is one step from its phase, applying every effect the
 * engine lists for the step (the phase, the reveal, the priority list, the final theme input, the
 * audit entry) in ONE transaction, the meeting's row read once and locked: two moderators, or a
 * moderator and the timer, cannot skip a phase between them, and a crash leaves the meeting fully
 * before or fully after. Clients are told after the commit. Returns the new phase, or null when
 * the move was not allowed.
 */
export async function changePhase(context: PhaseContext, target: Phase, moderatorId: string | null): Promise<Phase | null> {
	const outcome = await transition(context, (meeting) => phaseChange(meeting.phase, target, meeting), phaseEffects(context, target, moderatorId));
	return outcome ? target : null;
}

/**
 * A countdown that ran out (its end was `endsAt`) and auto-advances to `target`: the timer's expiry
 * and the phase change commit in ONE transaction, so a crash or an outage between them cannot leave
 * an expired timer whose advance never happens (or happens twice). The expiry is conditional on the
 * timer still ending at `endsAt`, inside the meeting's row lock: however many instances try, one
 * expires it. `expired` is false when the timer was already expired or changed (nothing written);
 * `advancedTo` is null when the phase could not move (the expiry is committed alone).
 */
export async function expireTimerAndAdvance(context: PhaseContext, endsAt: Date, target: Phase): Promise<{ expired: boolean; advancedTo: Phase | null }> {
	let expired = false;
	const outcome = await transition(context, (meeting) => (expired ? phaseChange(meeting.phase, target, meeting) : null), phaseEffects(context, target, null), async (tx) => {
		expired = (await expireTimerIn(tx, context.meetingId, endsAt)) !== null;
		return expired;
	});
	return { expired, advancedTo: outcome ? target : null };
}

function phaseEffects(context: PhaseContext, target: Phase, moderatorId: string | null): Partial<Record<PhaseEffect, EffectRun>> {
	return {
		phase: async (tx) => {
			await tx`
				update meetings set phase = ${target}, updated_at = now(),
					-- The countdown belongs to the phase it was started in.
					timer_ends_at = null, timer_remaining_ms = null,
					closed_at = case when ${target} = 'closed' then now() else null end,
					closed_by = case when ${target} = 'closed' then ${moderatorId}::uuid else null end
				where id = ${context.meetingId}`;
		},
		audit: (tx) => audit({ sql: tx, meetingId: context.meetingId }, moderatorId, 'phase', { phase: target })
	};
}

/** The moderator's "reveal now": the private ideas and the audit entry in one transaction. Returns how many were revealed. */
export async function revealNow(context: PhaseContext, moderatorId: string): Promise<number> {
	let revealed = 0;
	await transition(
		context,
		(meeting) => ({
			effects: meeting.notesRevealed ? ['audit'] : ['reveal_notes', 'audit'],
			broadcasts: meeting.notesRevealed ? ['meeting_state'] : ['private_state', 'meeting_state']
		}),
		{
			audit: async (tx, done) => {
				revealed = done.revealed;
				await audit({ sql: tx, meetingId: context.meetingId }, moderatorId, 'reveal_notes', { notes: revealed });
			}
		}
	);
	return revealed;
}

interface Locked {
	phase: Phase;
	notesRevealed: boolean;
}

type Plan = { effects: PhaseEffect[]; broadcasts: PhaseBroadcast[] };
/** One effect inside the transaction; `done` carries what earlier effects did. */
type EffectRun = (tx: Queries, done: { revealed: number }, on: { meetingId: string; room: Room; draft: BoardDraft }) => Promise<void>;

/**
 * Runs one transition: locks and reads the meeting's row once, asks `plan` for the effects, applies
 * them in one transaction (the board's part included, see Room.transaction), then broadcasts.
 * `own` supplies the effects whose content depends on the command (the phase, the audit entry).
 */
async function transition(
	context: PhaseContext,
	plan: (meeting: Locked) => Plan | null,
	own: Partial<Record<PhaseEffect, EffectRun>>,
	/** Runs first, under the row lock; false: nothing more is done (what it wrote still commits). */
	first?: (tx: Queries) => Promise<boolean>
): Promise<Plan | null> {
	const { sql, meetingId, room, faults } = context;
	const decided = await room.transaction((draft) =>
		sql.begin(async (tx) => {
			const [meeting] = await tx<(Locked & { ownerEpoch: string })[]>`
				select phase, notes_revealed_at is not null as notes_revealed, owner_epoch from meetings
				where id = ${meetingId} and archived_at is null and purged_at is null
				for no key update`;
			if (!meeting) return null;
			// In a fleet: another instance took the meeting over since this room was loaded. Nothing of
			// the transition is written (the room is dropped, the command not answered; docs/FLEET.md).
			if (room.fence !== null && Number(meeting.ownerEpoch) !== room.fence) throw new Fenced(meetingId);
			if (first && !(await first(tx))) return null;
			const steps = plan(meeting);
			if (!steps) return null;
			const done = { revealed: 0 };
			for (const effect of steps.effects) {
				await faults?.(effect, meetingId);
				const run = own[effect] ?? shared[effect];
				if (!run) throw new Error(`No way to apply ${effect}`);
				await run(tx, done, { meetingId, room, draft });
			}
			await faults?.('commit', meetingId);
			return steps;
		})
	);
	if (!decided) return null;
	// The room holds the meeting's rules: the phase (and the reveal) changed them.
	room.rulesChanged();
	await faults?.('committed', meetingId);
	await tell(context, decided.broadcasts);
	return decided;
}

/** The effects that are the same whatever the command. */
const shared: Partial<Record<PhaseEffect, EffectRun>> = {
	/**
	 * Reveal: private ideas become board ideas — the same note, id and author, a change of
	 * visibility. From the commit on a new idea goes onto the board (recording one takes the same
	 * row lock). Every recorded idea fits (the limits were judged when it was recorded); one that
	 * does not is a bug, and the whole transition fails rather than drop it.
	 */
	async reveal_notes(tx, done, { meetingId, draft }) {
		await tx`update meetings set notes_revealed_at = coalesce(notes_revealed_at, now()) where id = ${meetingId}`;
		const notes = await listPrivateNotes(tx, meetingId);
		if (!notes.length) return;
		const results = draft.change((doc) => notes.map((n) => addNote(doc, { id: n.id, text: n.text, createdAt: n.createdAt, colour: n.colour })));
		const failed = results.filter((r) => !r.ok).length;
		if (failed) throw new Error(`Revealing ${failed} of ${notes.length} private notes failed`);
		await draft.save(tx);
		await markRevealed(tx, meetingId, notes.map((n) => n.id));
		done.revealed = notes.length;
	},
	async prepare_priorities(tx, _done, { meetingId, room }) {
		// The reveal adds ungrouped ideas only, so the groups and their support are the room's.
		await preparePriorities(tx, meetingId, room.doc);
	},
	async project_theme_input(tx, _done, { meetingId }) {
		await projectMeetingIn(tx, meetingId, { final: true });
	}
};

async function tell(context: PhaseContext, broadcasts: PhaseBroadcast[]): Promise<void> {
	const { sql, meetingId, namespace, room } = context;
	const rules = await meetingRules(sql, meetingId);
	for (const broadcast of broadcasts) {
		switch (broadcast) {
			case 'private_state':
				await broadcastPrivateState(sql, namespace, meetingId, { author: null, countChanged: true });
				break;
			case 'meeting_state':
				if (rules) namespace.to(socketRooms.meeting(meetingId)).emit('meeting:state', meetingState(rules, context.clock.now()));
				break;
			case 'vote_progress':
				await broadcastVoteState(namespace, sql, meetingId);
				break;
			case 'priorities':
				await broadcastPriorities(namespace, sql, meetingId, room.doc, rules?.votesRevealed ?? false);
				break;
			case 'theme_input_changed':
				context.themeInputChanged?.(meetingId);
				break;
			default: {
				const unknown: never = broadcast;
				throw new Error(`Unhandled broadcast ${String(unknown)}`);
			}
		}
	}
}
