import { describe, expect, it } from 'vitest';
import { MAX_LOCK_SECONDS, lockSchedule, lockSeconds } from './throttle';

describe('lockSeconds', () => {
	it('does not lock an account before its fifth consecutive failure', () => {
		expect([0, 1, 2, 3, 4].map(lockSeconds)).toEqual([0, 0, 0, 0, 0]);
	});

	it('locks for 30 seconds at the fifth failure and doubles with every further one', () => {
		expect([5, 6, 7, 8, 9].map(lockSeconds)).toEqual([30, 60, 120, 240, 480]);
	});

	it('never locks for longer than 15 minutes, however many failures', () => {
		expect(lockSeconds(10)).toBe(MAX_LOCK_SECONDS);
		expect(lockSeconds(11)).toBe(900);
		expect(lockSeconds(10_000)).toBe(900);
	});
});

describe('lockSchedule', () => {
	it('lists the lock for 1, 2, … failures and ends at the first capped value', () => {
		expect(lockSchedule()).toEqual([0, 0, 0, 0, 30, 60, 120, 240, 480, 900]);
	});
});
