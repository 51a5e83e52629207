import { PHASES, type Phase } from '../../protocol/authority';

/** The phase a moderator can move the meeting on to, or null after the last one. */
export function nextPhase(phase: Phase): Phase | null {
	return PHASES[PHASES.indexOf(phase) + 1] ?? null;
}

/** The phase a moderator can go back to, or null from the first one. */
export function previousPhase(phase: Phase): Phase | null {
	const index = PHASES.indexOf(phase);
	return index > 0 ? PHASES[index - 1] : null;
}
