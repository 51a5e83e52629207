import { isPhaseStep, type Phase } from './phases';

// What a phase change does, as data: the server applies the effects in this order inside one
// transaction (the meeting is fully before or fully after the change), then tells the clients.

/**
 * One effect of a phase change, applied in order inside one transaction:
 * - `phase`: the phase itself (the timer belongs to the phase it was started in and stops;
 *   closing stamps who closed and when);
 * - `reveal_notes`: private ideas become board ideas (leaving a private brainstorm forward);
 * - `prepare_priorities`: every group joins the priority list, by support (entering rank);
 * - `project_theme_input`: the theme input becomes definitive (closing);
 * - `audit`: the change in the meeting's audit log.
 */
export type PhaseEffect = 'phase' | 'reveal_notes' | 'prepare_priorities' | 'project_theme_input' | 'audit';

/** What clients are told once a phase change is committed. */
export type PhaseBroadcast = 'private_state' | 'meeting_state' | 'vote_progress' | 'priorities' | 'theme_input_changed';

export interface PhaseChange {
	effects: PhaseEffect[];
	broadcasts: PhaseBroadcast[];
}

/** The effects of moving a meeting from `from` to `to`, or null when that is not one step. */
export function phaseChange(from: Phase, to: Phase, meeting: { notesRevealed: boolean }): PhaseChange | null {
	if (!isPhaseStep(from, to)) return null;
	// Leaving a private brainstorm forward reveals its ideas: none may stay hidden by accident.
	const reveal = to !== 'draft' && to !== 'brainstorm' && !meeting.notesRevealed;
	const effects: PhaseEffect[] = ['phase'];
	if (reveal) effects.push('reveal_notes');
	if (to === 'rank') effects.push('prepare_priorities');
	// Closing makes the theme input definitive at once; other phases re-project it shortly.
	if (to === 'closed') effects.push('project_theme_input');
	effects.push('audit');

	const broadcasts: PhaseBroadcast[] = [];
	if (reveal) broadcasts.push('private_state');
	broadcasts.push('meeting_state');
	// Moderators see "X of Y have voted" from the moment voting opens.
	if (to === 'vote') broadcasts.push('vote_progress');
	if (to === 'rank' || to === 'closed') broadcasts.push('priorities');
	if (to !== 'closed') broadcasts.push('theme_input_changed');
	return { effects, broadcasts };
}
