import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/lib/engine/clock';
import { createLogger } from '../../src/lib/server/log';
import { VoteBroadcasts } from './votes';

const quiet = createLogger('silent');

/** A broadcaster over a manual clock, recording when each send started. */
function arrange(intervalMs = 250) {
	const clock = new ManualClock();
	const sent: { meetingId: string; at: number }[] = [];
	const broadcasts = new VoteBroadcasts(async (meetingId) => void sent.push({ meetingId, at: clock.now() - start }), quiet, intervalMs, clock);
	const start = clock.now();
	return { clock, sent, broadcasts };
}

describe('coalesced vote broadcasts', () => {
	it('a change after a quiet moment is sent at once', async () => {
		const { clock, sent, broadcasts } = arrange();
		broadcasts.changed('m1');
		await clock.advance(0);
		expect(sent).toEqual([{ meetingId: 'm1', at: 0 }]);
		broadcasts.close();
	});

	it('while votes keep coming, a meeting is sent at most once per interval, and the last change is always sent', async () => {
		const { clock, sent, broadcasts } = arrange(250);
		// A vote every 10 ms for one second.
		for (let t = 0; t < 1000; t += 10) {
			broadcasts.changed('m1');
			await clock.advance(10);
		}
		await clock.advance(1000);
		const times = sent.map((s) => s.at);
		expect(times[0]).toBe(0);
		for (let i = 1; i < times.length; i++) expect(times[i] - times[i - 1]).toBeGreaterThanOrEqual(250);
		// The last change (at 990 ms) is covered by a send after it.
		expect(times.at(-1)).toBeGreaterThanOrEqual(990);
		expect(times.length).toBeLessThanOrEqual(5);
		broadcasts.close();
	});

	it('meetings are coalesced separately, and nothing is left scheduled once they are quiet', async () => {
		const { clock, sent, broadcasts } = arrange(250);
		broadcasts.changed('m1');
		broadcasts.changed('m2');
		broadcasts.changed('m1');
		await clock.advance(0);
		expect(sent.map((s) => s.meetingId).sort()).toEqual(['m1', 'm2']);
		await clock.advance(1000);
		expect(sent).toHaveLength(2);
		expect(clock.pending).toBe(0);
		broadcasts.close();
	});
});
