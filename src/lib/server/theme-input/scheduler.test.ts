import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../log';
import { createProjectionScheduler } from './scheduler';

// The debounce is about time, so these tests run on vitest's fake clock: each step is a moment of
// the meeting's clock, not a wait.

const log = createLogger('silent');

function scheduler() {
	const runs: { meetingId: string; at: number }[] = [];
	const start = Date.now();
	const projections = createProjectionScheduler({
		sql: undefined as never,
		log,
		delayMs: 1000,
		maxDelayMs: 4000,
		project: async (meetingId) => void runs.push({ meetingId, at: Date.now() - start })
	});
	return { projections, runs };
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

	it('while changes keep coming, projects at least every four seconds', async () => {
		const { projections, runs } = scheduler();
		// A change every 50 ms (a grouping storm) for ten seconds.
		for (let t = 0; t < 10_000; t += 50) {
			projections.schedule('m1');
			await vi.advanceTimersByTimeAsync(50);
		}
		expect(runs.map((r) => r.at)).toEqual([4000, 8000]);
		await vi.advanceTimersByTimeAsync(1000);
		expect(runs.map((r) => r.at)).toEqual([4000, 8000, 10_950]);
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
