import { authorize, authorizeControl, authorizeVote, type Decision, type Role } from '../protocol/authority';
import type { ErrorCode } from '../protocol/errors';
import { ideaRefusal, voteRefusal } from './limits';
import type { Phase } from './phases';
import { phaseChange } from './transitions';

// A meeting as a pure state machine: the rules of the authority table, the phase steps and their
// effects, the limits — composed exactly as the server composes them for a command, over plain
// data. The server keeps this state in PostgreSQL and the board document; property tests run
// random command sequences against this machine (and against the server, comparing the two).

export interface Actor {
	role: Role;
	id: string;
}

export interface MeetingModel {
	phase: Phase;
	locked: boolean;
	notesPrivateUntilReveal: boolean;
	notesRevealed: boolean;
	whoMayGroup: 'moderators' | 'everyone';
	lateNotesAllowed: boolean;
	votesPerParticipant: number;
	maxVotesPerItem: number;
	/** Every recorded idea, in the order recorded. */
	ideas: { id: string; authorId: string; visibility: 'private' | 'board' }[];
	votes: { participantId: string; itemId: string; key: string }[];
	/** Phase changes, as the audit log lists them. */
	phaseLog: Phase[];
}

export type ModelCommand =
	| { name: 'note:add'; by: Actor; id: string }
	| { name: 'meeting:phase'; by: Actor; phase: Phase }
	| { name: 'notes:reveal'; by: Actor }
	| { name: 'board:lock'; by: Actor; locked: boolean }
	| { name: 'vote:place'; by: Actor; itemId: string; key: string }
	| { name: 'vote:remove'; by: Actor; key: string };

export type ModelAck = { ok: true } | { ok: false; code: ErrorCode };

/** Whether a private brainstorm is running: new ideas stay with their authors until the reveal. */
export function isPrivateBrainstorm(meeting: Pick<MeetingModel, 'phase' | 'notesPrivateUntilReveal' | 'notesRevealed'>): boolean {
	return meeting.phase === 'brainstorm' && meeting.notesPrivateUntilReveal && !meeting.notesRevealed;
}

const refuse = (code: ErrorCode): { ack: ModelAck; meeting: null } => ({ ack: { ok: false, code }, meeting: null });
const done = (meeting: MeetingModel): { ack: ModelAck; meeting: MeetingModel } => ({ ack: { ok: true }, meeting });
const judged = (decision: Decision) => (decision.ok ? null : refuse(decision.code));

/** One command against the meeting: the acknowledgement, and the meeting after it (null: unchanged). */
export function decide(meeting: MeetingModel, command: ModelCommand): { ack: ModelAck; meeting: MeetingModel | null } {
	const { by } = command;
	switch (command.name) {
		case 'note:add': {
			const denied = judged(authorize('note:add', { role: by.role, phase: meeting.phase, whoMayGroup: meeting.whoMayGroup, locked: meeting.locked, lateNotesAllowed: meeting.lateNotesAllowed }));
			if (denied) return denied;
			const earlier = meeting.ideas.find((i) => i.id === command.id);
			if (earlier) return earlier.authorId === by.id ? { ack: { ok: true }, meeting: null } : refuse('FORBIDDEN');
			const refusal = ideaRefusal({ mine: meeting.ideas.filter((i) => i.authorId === by.id).length, all: meeting.ideas.length });
			if (refusal) return refuse(refusal);
			const visibility = isPrivateBrainstorm(meeting) ? 'private' : 'board';
			return done({ ...meeting, ideas: [...meeting.ideas, { id: command.id, authorId: by.id, visibility }] });
		}
		case 'meeting:phase': {
			const denied = judged(authorizeControl('meeting:phase', { role: by.role, phase: meeting.phase }));
			if (denied) return denied;
			const change = phaseChange(meeting.phase, command.phase, meeting);
			if (!change) return refuse('VALIDATION');
			let next: MeetingModel = { ...meeting, phase: command.phase, phaseLog: [...meeting.phaseLog, command.phase] };
			if (change.effects.includes('reveal_notes')) next = reveal(next);
			return done(next);
		}
		case 'notes:reveal': {
			const denied = judged(authorizeControl('notes:reveal', { role: by.role, phase: meeting.phase }));
			return denied ?? done(meeting.notesRevealed ? meeting : reveal(meeting));
		}
		case 'board:lock': {
			const denied = judged(authorizeControl('board:lock', { role: by.role, phase: meeting.phase }));
			return denied ?? done({ ...meeting, locked: command.locked });
		}
		case 'vote:place': {
			const denied = judged(authorizeVote({ role: by.role, phase: meeting.phase, locked: meeting.locked }));
			if (denied) return denied;
			if (!meeting.ideas.some((i) => i.id === command.itemId && i.visibility === 'board')) return refuse('NOT_FOUND');
			const mine = meeting.votes.filter((v) => v.participantId === by.id);
			if (mine.some((v) => v.key === command.key)) return { ack: { ok: true }, meeting: null };
			const refusal = voteRefusal(
				{ used: mine.length, onItem: mine.filter((v) => v.itemId === command.itemId).length },
				{ votesPerParticipant: meeting.votesPerParticipant, maxVotesPerItem: meeting.maxVotesPerItem }
			);
			if (refusal) return refuse(refusal);
			return done({ ...meeting, votes: [...meeting.votes, { participantId: by.id, itemId: command.itemId, key: command.key }] });
		}
		case 'vote:remove': {
			const denied = judged(authorizeVote({ role: by.role, phase: meeting.phase, locked: meeting.locked }));
			if (denied) return denied;
			return done({ ...meeting, votes: meeting.votes.filter((v) => !(v.participantId === by.id && v.key === command.key)) });
		}
		default: {
			const unknown: never = command;
			throw new Error(`No rule for ${JSON.stringify(unknown)}`);
		}
	}
}

/** Private ideas become board ideas: the same ideas, ids and authors. */
function reveal(meeting: MeetingModel): MeetingModel {
	return { ...meeting, notesRevealed: true, ideas: meeting.ideas.map((i) => ({ ...i, visibility: 'board' })) };
}
