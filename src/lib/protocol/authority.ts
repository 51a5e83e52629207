import type { Phase } from '../engine/phases';
import type { CommandName, ControlName } from './commands';
import type { ErrorCode } from './errors';

// The authority table of DESIGN.md as pure functions, one per command family (board, votes,
// control). The server enforces them on every command; the UI calls the same functions only to
// decide which controls to show.

export type { Phase };
export type Role = 'participant' | 'moderator' | 'projector';

export interface RuleContext {
	role: Role;
	phase: Phase;
	whoMayGroup: 'moderators' | 'everyone';
	/** A locked board is frozen for everyone, moderators included, until unlocked. */
	locked: boolean;
	/** For note edits and removals: is the note the actor's own? */
	ownNote?: boolean;
	/** Participants may keep posting after brainstorm when the meeting allows it. */
	lateNotesAllowed?: boolean;
}

export type Decision = { ok: true } | { ok: false; code: ErrorCode };

const allow: Decision = { ok: true };
const deny = (code: ErrorCode): Decision => ({ ok: false, code });

/** Whether `command` is allowed in `context`, and if not, the error code that says why. */
export function authorize(command: CommandName, context: RuleContext): Decision {
	const { role, phase } = context;
	if (role === 'projector') return deny('FORBIDDEN');
	if (phase === 'closed' || context.locked) return deny(phase === 'closed' ? 'PHASE_CLOSED' : 'BOARD_LOCKED');
	if (role === 'moderator') return allow;

	switch (command) {
		case 'note:add':
			if (phase === 'brainstorm') return allow;
			if (context.lateNotesAllowed && (phase === 'group' || phase === 'vote')) return allow;
			return deny('PHASE_CLOSED');
		case 'note:edit':
		case 'note:remove':
			if (!context.ownNote) return deny('FORBIDDEN');
			// Own notes may change until voting starts.
			return phase === 'brainstorm' || phase === 'group' ? allow : deny('PHASE_CLOSED');
		case 'note:move':
		case 'notes:move':
		case 'cluster:create':
		case 'cluster:rename':
		case 'cluster:remove':
		case 'cluster:merge':
		case 'cluster:reorder':
			if (context.whoMayGroup !== 'everyone') return deny('FORBIDDEN');
			return phase === 'group' ? allow : deny('PHASE_CLOSED');
		default: {
			const unknown: never = command;
			throw new Error(`No rule for command ${String(unknown)}`);
		}
	}
}

/**
 * Whether a role may place or take back votes now: participants, and moderators as participants
 * (with a participant identity of their own, the same budget and cap), in the vote phase, unlocked.
 */
export function authorizeVote(context: { role: Role; phase: Phase; locked: boolean }): Decision {
	if (context.role === 'projector') return deny('FORBIDDEN');
	if (context.phase !== 'vote') return deny('PHASE_CLOSED');
	if (context.locked) return deny('BOARD_LOCKED');
	return allow;
}

/** Control commands that only read: still answered once the meeting is closed. */
const READ_ONLY_CONTROL: ReadonlySet<ControlName> = new Set(['audit:list', 'moderation:list', 'projector:link']);

/** Whether a control command only reads (changes nothing of the meeting). */
export function isReadOnlyControl(command: ControlName): boolean {
	return READ_ONLY_CONTROL.has(command);
}

/**
 * Whether `command` (meeting control) is allowed: moderators only. A closed meeting is frozen —
 * the board, the votes and the priority list; only reading remains, and going back one phase (a
 * moderator may correct closing by mistake). The priority list changes only while ranking,
 * suggested groups are asked for only while grouping.
 */
export function authorizeControl(command: ControlName, context: { role: Role; phase: Phase }): Decision {
	if (context.role !== 'moderator') return deny('FORBIDDEN');
	if (READ_ONLY_CONTROL.has(command) || command === 'meeting:phase') return allow;
	if (context.phase === 'closed') return deny('PHASE_CLOSED');
	switch (command) {
		case 'rank:order':
		case 'rank:update':
			return context.phase === 'rank' ? allow : deny('PHASE_CLOSED');
		case 'board:suggest':
			return context.phase === 'group' ? allow : deny('PHASE_CLOSED');
		default:
			return allow;
	}
}
