import { describe, expect, it } from 'vitest';
import { nextPhase, previousPhase } from './phases';

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
