import { describe, expect, it } from 'vitest';
import { nextStart } from './paging';

describe('paging through a group’s ideas on the projector', () => {
	it('a group whose ideas all fit stays on its first idea', () => {
		expect(nextStart(0, 5, 5)).toBe(0);
		expect(nextStart(0, 9, 5)).toBe(0);
	});

	it('a longer group shows the ideas after those that fitted, then starts over', () => {
		expect(nextStart(0, 4, 10)).toBe(4);
		expect(nextStart(4, 4, 10)).toBe(8);
		expect(nextStart(8, 2, 10)).toBe(0);
	});

	it('moves on by at least one idea when not even one fits, and starts over when the group shrank', () => {
		expect(nextStart(0, 0, 3)).toBe(1);
		expect(nextStart(7, 3, 5)).toBe(0);
		expect(nextStart(0, 0, 0)).toBe(0);
	});
});
