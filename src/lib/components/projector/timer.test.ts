import { describe, expect, it } from 'vitest';
import { clockOffset, formatClock, remainingMs, timerMoment } from './timer';

const running = (endsAt: number, serverNow: number) => ({ endsAt, remainingMs: null, autoAdvance: false, serverNow });

describe('the projector timer', () => {
	it('counts down on the server clock even when the screen’s clock is wrong', () => {
		// The projector's clock is 7 s behind the server's.
		const serverNow = 1_000_000;
		const clientNow = serverNow - 7000;
		const offset = clockOffset(serverNow, clientNow);
		expect(remainingMs(running(serverNow + 300_000, serverNow), clientNow, offset)).toBe(300_000);
		expect(remainingMs(running(serverNow + 300_000, serverNow), clientNow + 60_000, offset)).toBe(240_000);
	});

	it('stands still while paused, stops at zero, and is absent when there is no timer', () => {
		expect(remainingMs({ endsAt: null, remainingMs: 42_000, autoAdvance: false, serverNow: 0 }, 999_999, 0)).toBe(42_000);
		expect(remainingMs(running(1000, 0), 5000, 0)).toBe(0);
		expect(remainingMs({ endsAt: null, remainingMs: null, autoAdvance: false, serverNow: 0 }, 0, 0)).toBeNull();
		expect(remainingMs(null, 0, 0)).toBeNull();
	});

	it('shows minutes and seconds, rounded up so that 00:00 means the time is out', () => {
		expect(formatClock(300_000)).toBe('05:00');
		expect(formatClock(59_001)).toBe('01:00');
		expect(formatClock(59_000)).toBe('00:59');
		expect(formatClock(1)).toBe('00:01');
		expect(formatClock(0)).toBe('00:00');
		expect(formatClock(3_725_000)).toBe('1:02:05');
	});

	it('is announced once at one minute left and once at zero, not every second', () => {
		expect(timerMoment(61_000, 60_000)).toBe('one_minute');
		expect(timerMoment(60_000, 59_000)).toBeNull();
		expect(timerMoment(1000, 0)).toBe('zero');
		expect(timerMoment(0, 0)).toBeNull();
		expect(timerMoment(120_000, 119_000)).toBeNull();
		// Started with less than a minute: only zero is announced.
		expect(timerMoment(null, 30_000)).toBeNull();
	});
});
