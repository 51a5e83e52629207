import { describe, expect, it } from 'vitest';
import { autoAdvanceTarget, isPhaseStep, nextPhase, phasesBefore, previousPhase } from './phases';

describe('phases', () => {
	it('a meeting moves from draft through brainstorm, group, vote and rank to closed', () => {
		expect(nextPhase('draft')).toBe('brainstorm');
		expect(nextPhase('brainstorm')).toBe('group');
		expect(nextPhase('rank')).toBe('closed');
		expect(nextPhase('closed')).toBeNull();
	});

	it('a moderator can go back one phase, but not before draft', () => {
		expect(previousPhase('brainstorm')).toBe('draft');
		expect(previousPhase('closed')).toBe('rank');
		expect(previousPhase('draft')).toBeNull();
	});
});

describe('phase steps', () => {
	it('a meeting may be entered only from the phase before it or the one after it', () => {
		expect(phasesBefore('group')).toEqual(['brainstorm', 'vote']);
		expect(phasesBefore('draft')).toEqual(['brainstorm']);
		expect(phasesBefore('closed')).toEqual(['rank']);
		expect(isPhaseStep('brainstorm', 'vote')).toBe(false);
		expect(isPhaseStep('vote', 'vote')).toBe(false);
	});

	it('a timer that advances automatically never closes the meeting', () => {
		expect(autoAdvanceTarget('brainstorm')).toBe('group');
		expect(autoAdvanceTarget('rank')).toBeNull();
		expect(autoAdvanceTarget('closed')).toBeNull();
	});
});
