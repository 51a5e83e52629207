import { describe, expect, it } from 'vitest';
import { moveItem } from './ranking-order';

describe('reordering the priority list', () => {
	it('moves an item up or down one place', () => {
		expect(moveItem(['a', 'b', 'c'], 2, 1)).toEqual(['a', 'c', 'b']);
		expect(moveItem(['a', 'b', 'c'], 0, 1)).toEqual(['b', 'a', 'c']);
	});

	it('moves an item dropped anywhere to that place, and stays within the list', () => {
		expect(moveItem(['a', 'b', 'c', 'd'], 3, 0)).toEqual(['d', 'a', 'b', 'c']);
		expect(moveItem(['a', 'b', 'c'], 0, 9)).toEqual(['b', 'c', 'a']);
		expect(moveItem(['a', 'b'], 0, -1)).toEqual(['a', 'b']);
		expect(moveItem(['a', 'b'], 5, 0)).toEqual(['a', 'b']);
	});
});
