import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../log';
import { createProjectionScheduler } from './scheduler';

// The debounce is about time, so these tests run on vitest's fake clock: each step is a moment of
// the meeting's clock, not a wait.

const log = createLogger('silent');

/** A scheduler whose runs each take `takesMs` of the clock (and are recorded when they start and end). */
function scheduler({ takesMs = 0, costFactor }: { takesMs?: number; costFactor?: number } = {}) {
	const runs: { meetingId: string; at: number }[] = [];
	const ended: number[] = [];
	const start = Date.now();
	const projections = createProjectionScheduler({
		sql: undefined as never,
		log,
		delayMs: 1000,
		maxDelayMs: 4000,
		costFactor,
		project: async (meetingId) => {
			runs.push({ meetingId, at: Date.now() - start });
			if (takesMs) await new Promise((resolve) => setTimeout(resolve, takesMs));
			ended.push(Date.now() - start);
		}
	});
	return { projections, runs, ended };
}

/** A change every 50 ms (a grouping storm) for `ms`. */
async function storm(projections: ReturnType<typeof scheduler>['projections'], ms: number) {
	for (let t = 0; t < ms; t += 50) {
		projections.schedule('m1');
		await vi.advanceTimersByTimeAsync(50);
	}
}

/** Changes to meetings in turn, the clock running the given milliseconds after each. */
async function changes(projections: ReturnType<typeof scheduler>['projections'], ...steps: [meetingId: string, thenMs: number][]) {
	for (const [meetingId, thenMs] of steps) {
		projections.schedule(meetingId);
		await vi.advanceTimersByTimeAsync(thenMs);
	}
}

describe('projection scheduler', () => {
	beforeEach(() => vi.useFakeTimers());
	afterEach(() => vi.useRealTimers());

	it('projects a meeting once, a second after its last change', async () => {
		const { projections, runs } = scheduler();
		await changes(projections, ['m1', 400], ['m1', 900]);
		expect(runs).toEqual([]);
		await vi.advanceTimersByTimeAsync(100);
		expect(runs).toEqual([{ meetingId: 'm1', at: 1400 }]);
		await vi.advanceTimersByTimeAsync(10_000);
		expect(runs).toHaveLength(1);
	});

	it('while changes keep coming, projects at least every four seconds; a run of a normal meeting (50 ms) holds nothing back', async () => {
		const { projections, runs } = scheduler({ takesMs: 50 });
		await storm(projections, 10_000);
		expect(runs.map((r) => r.at)).toEqual([4000, 8000]);
		await vi.advanceTimersByTimeAsync(1000);
		expect(runs.map((r) => r.at)).toEqual([4000, 8000, 10_950]);
	});

	it('after a run that took long, holds the meeting\'s next run back for 19 times as long', async () => {
		// Each run takes 500 ms (a storm on a big board): the next may start 9.5 s after it ended.
		const { projections, runs } = scheduler({ takesMs: 500 });
		await storm(projections, 20_000);
		expect(runs.map((r) => r.at)).toEqual([4000, 14_000]);
		// The changes stopped at 20 s; the last run's hold ends at 24 s.
		await vi.advanceTimersByTimeAsync(10_000);
		expect(runs.map((r) => r.at)).toEqual([4000, 14_000, 24_000]);
	});

	it('never starts a meeting\'s run while its previous run is still going', async () => {
		// Runs of 6 s with no hold: the run due at 8 s waits for the one that started at 4 s.
		const { projections, runs, ended } = scheduler({ takesMs: 6000, costFactor: 0 });
		await storm(projections, 14_000);
		expect(runs.map((r) => r.at)).toEqual([4000, 10_000]);
		expect(ended).toEqual([10_000]);
	});

	it('keeps each meeting to its own clock', async () => {
		const { projections, runs } = scheduler();
		await changes(projections, ['m1', 500], ['m2', 1000]);
		expect(runs).toEqual([
			{ meetingId: 'm1', at: 1000 },
			{ meetingId: 'm2', at: 1500 }
		]);
	});

	it('at close runs what is pending at once and then schedules nothing more', async () => {
		const { projections, runs } = scheduler();
		projections.schedule('m1');
		await projections.close();
		expect(runs).toEqual([{ meetingId: 'm1', at: 0 }]);
		projections.schedule('m1');
		await vi.advanceTimersByTimeAsync(10_000);
		expect(runs).toHaveLength(1);
	});
});
