import { afterEach, describe, expect, it } from 'vitest';
import { CommandAdmission } from './rate-limit';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Holds the event loop for `ms`, as a long synchronous task would. */
function block(ms: number): void {
	const until = Date.now() + ms;
	while (Date.now() < until);
}

describe('command admission', () => {
	let admission: CommandAdmission | null = null;
	afterEach(() => admission?.stop());

	it('refuses commands while the event loop runs later than allowed, and takes them again once it catches up', async () => {
		admission = new CommandAdmission(2000, 50, 20);
		expect(admission.refuseFor()).toBe(0);
		block(150);
		await sleep(0); // the probe's timer fires, 130 ms late
		const wait = admission.refuseFor();
		expect(wait).toBeGreaterThan(50);
		let taken = false;
		for (let i = 0; i < 20 && !taken; i++) {
			await sleep(10);
			taken = admission.refuseFor() === 0;
		}
		expect(taken).toBe(true);
	});

	it('does not keep a timer while no command comes, and forgets an old measurement', async () => {
		admission = new CommandAdmission(2000, 50, 20);
		admission.refuseFor();
		expect(admission.probing).toBe(true);
		block(150);
		await sleep(0);
		// The late probe counted no command since it was armed: it stops (an idle process is not woken).
		expect(admission.probing).toBe(false);
		// After two probe intervals of quiet, the late measurement refuses nothing.
		await sleep(60);
		expect(admission.refuseFor()).toBe(0);
		expect(admission.probing).toBe(true);
	});

	it('asks for a wait of at least 250 ms while too many commands are in flight', () => {
		admission = new CommandAdmission(2, 500, 20);
		admission.inFlight = 2;
		expect(admission.refuseFor()).toBeGreaterThanOrEqual(250);
		admission.inFlight = 1;
		expect(admission.refuseFor()).toBe(0);
	});
});
