// The phases of a meeting and their order: the one definition the whole app (UI, server, SQL
// conditions, the timer, the API's schema) asks. A meeting moves one step at a time, forward or back.

/** The phases of a meeting, in order. */
export const PHASES = ['draft', 'brainstorm', 'group', 'vote', 'rank', 'closed'] as const;
export type Phase = (typeof PHASES)[number];

/** Whether `value` names a phase. */
export function isPhase(value: unknown): value is Phase {
	return PHASES.includes(value as Phase);
}

/** The phase after `phase`, or null after the last one. */
export function nextPhase(phase: Phase): Phase | null {
	return PHASES[PHASES.indexOf(phase) + 1] ?? null;
}

/** The phase before `phase`, or null from the first one. */
export function previousPhase(phase: Phase): Phase | null {
	const index = PHASES.indexOf(phase);
	return index > 0 ? PHASES[index - 1] : null;
}

/** Whether a meeting in `from` may move to `to`: one step forward, or one step back. */
export function isPhaseStep(from: Phase, to: Phase): boolean {
	return nextPhase(from) === to || previousPhase(from) === to;
}

/** The phases a meeting may move to `to` from (for a conditional UPDATE that cannot skip a phase). */
export function phasesBefore(to: Phase): Phase[] {
	return PHASES.filter((from) => isPhaseStep(from, to));
}

/**
 * Where a phase timer that ran out with "advance automatically" takes the meeting: the next phase,
 * but never `closed` (closing stays a moderator's decision). Null: it only signals.
 */
export function autoAdvanceTarget(phase: Phase): Phase | null {
	const next = nextPhase(phase);
	return next === 'closed' ? null : next;
}
