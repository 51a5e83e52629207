import type { MeetingNamespace } from './socket';
import type { MeetingState } from '../../src/lib/protocol/commands';
import type { Sql } from '../../src/lib/server/db/sql';
import { meetingRules, type MeetingRules } from '../board/access';
import { socketRooms } from './private-notes';
import type { Clock } from '../../src/lib/engine/clock';

/** The meeting's state as every client receives it (`ready`, `meeting:state`). */
export function meetingState(rules: MeetingRules, now: number): MeetingState {
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

/** Sends the meeting's state to everyone in it (after every change of phase, timer, lock, reveal). */
export async function broadcastState(context: { sql: Sql; meetingId: string; namespace: MeetingNamespace; clock: Clock }): Promise<void> {
	const rules = await meetingRules(context.sql, context.meetingId);
	if (rules) context.namespace.to(socketRooms.meeting(context.meetingId)).emit('meeting:state', meetingState(rules, context.clock.now()));
}
