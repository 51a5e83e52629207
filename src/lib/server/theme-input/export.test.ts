import { describe, expect, it } from 'vitest';
import { suppressedGroups } from './export';

describe('suppressedGroups', () => {
	it('suppresses groups under 5 people', () => {
		expect(suppressedGroups(new Map([['a', 4], ['b', 2], ['c', 9]]))).toEqual(new Set(['a', 'b']));
	});
	it('suppresses the next smallest group too when only one would be, so subtraction reveals nothing', () => {
		expect(suppressedGroups(new Map([['a', 3], ['b', 7], ['c', 6]]))).toEqual(new Set(['a', 'c']));
	});
	it('suppresses nothing when every group has 5 or more', () => {
		expect(suppressedGroups(new Map([['a', 5], ['b', 6]]))).toEqual(new Set());
	});
});
