import type { TimerState } from '$lib/protocol/commands';

// The projector's countdown: the server sends when the timer ends on its own clock, and the time
// it sent that (`serverNow`); the screen corrects for its own clock being off.

/** How far the server's clock is ahead of this one (ms), from a state received at `clientNow`. */
export function clockOffset(serverNow: number, clientNow: number): number {
	return serverNow - clientNow;
}

/**
 * The time left (ms) at `clientNow`, or null when no timer is set. A paused timer stands still;
 * a running one never goes below zero.
 */
export function remainingMs(timer: TimerState | null | undefined, clientNow: number, offset: number): number | null {
	if (!timer) return null;
	if (timer.endsAt !== null) return Math.max(0, timer.endsAt - (clientNow + offset));
	return timer.remainingMs;
}

/** `mm:ss` (or `h:mm:ss` from an hour), rounded up: 00:00 only once the time is really out. */
export function formatClock(ms: number): string {
	const total = Math.max(0, Math.ceil(ms / 1000));
	const hours = Math.floor(total / 3600);
	const minutes = Math.floor((total % 3600) / 60);
	const seconds = total % 60;
	const two = (n: number) => String(n).padStart(2, '0');
	return hours > 0 ? `${hours}:${two(minutes)}:${two(seconds)}` : `${two(minutes)}:${two(seconds)}`;
}

export type TimerMoment = 'one_minute' | 'zero';

/**
 * What to tell screen reader users as the clock moves from `before` to `after` (ms left): once
 * when one minute is left, and once at zero. Nothing otherwise, so the countdown is not read
 * out every second.
 */
export function timerMoment(before: number | null, after: number | null): TimerMoment | null {
	if (before === null || after === null) return null;
	if (before > 0 && after === 0) return 'zero';
	if (before > 60_000 && after <= 60_000 && after > 0) return 'one_minute';
	return null;
}
