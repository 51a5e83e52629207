import { untrack } from 'svelte';
import type { TimerState } from '$lib/protocol/commands';
import { clockOffset, remainingMs, timerMoment, type TimerMoment } from './timer';

/**
 * The time left on the meeting's timer by the server's clock (each state from the server says what
 * its clock read when it was sent), ticking four times a second so that the shown second is on time;
 * `onMoment` hears one minute left and zero, which a silent role="timer" does not read out.
 * Call it while a component initialises: it lives as long as the component.
 */
export function countdown(timer: () => TimerState | null, onMoment: (moment: TimerMoment) => void) {
	let now = $state(Date.now());
	let offset = $state(0);
	let previous: number | null = null;

	$effect(() => {
		const current = timer();
		if (current) offset = clockOffset(current.serverNow, Date.now());
	});
	$effect(() => {
		const tick = setInterval(() => (now = Date.now()), 250);
		return () => clearInterval(tick);
	});

	const left = $derived(remainingMs(timer(), now, offset));
	const paused = $derived.by(() => {
		const current = timer();
		return !!current && current.endsAt === null && (current.remainingMs ?? 0) > 0;
	});

	$effect(() => {
		const moment = timerMoment(previous, left);
		previous = left;
		if (moment) untrack(() => onMoment(moment));
	});

	return {
		get left() {
			return left;
		},
		get paused() {
			return paused;
		}
	};
}
