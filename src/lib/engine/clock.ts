// Time as the meeting engine and its timers see it, injected rather than read from `Date.now()`
// and `setTimeout` wherever needed: the server passes the system's clock, tests a ManualClock that
// they move forward instead of waiting.

/** A scheduled call that can be called off. */
export interface Scheduled {
	cancel(): void;
}

export interface Clock {
	/** Milliseconds since the epoch. */
	now(): number;
	/** Calls `run` once `ms` have passed (never keeps a process alive by itself). */
	schedule(run: () => void, ms: number): Scheduled;
}

/** The system's clock. */
export const systemClock: Clock = {
	now: () => Date.now(),
	schedule(run, ms) {
		const timer = setTimeout(run, ms);
		// Node's timers keep the process alive unless unref'd; a browser's are plain numbers.
		if (typeof timer === 'object' && 'unref' in timer) timer.unref();
		return { cancel: () => clearTimeout(timer) };
	}
};

/** A clock that moves only when told to: `advance(ms)` runs every call that falls due, in order. */
export class ManualClock implements Clock {
	#now: number;
	#queue: { at: number; seq: number; run: () => void }[] = [];
	#seq = 0;

	constructor(start = Date.UTC(2026, 0, 1)) {
		this.#now = start;
	}

	now(): number {
		return this.#now;
	}

	schedule(run: () => void, ms: number): Scheduled {
		const entry = { at: this.#now + Math.max(0, ms), seq: this.#seq++, run };
		this.#queue.push(entry);
		return { cancel: () => (this.#queue = this.#queue.filter((e) => e !== entry)) };
	}

	/** How many calls are waiting. */
	get pending(): number {
		return this.#queue.length;
	}

	/**
	 * Moves the clock `ms` forward, running each call due on the way at its own time (calls they
	 * schedule run too when they fall within), and lets promise continuations of each call settle.
	 */
	async advance(ms: number): Promise<void> {
		const until = this.#now + ms;
		for (;;) {
			await settle();
			const next = this.#queue.filter((e) => e.at <= until).sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
			if (!next) break;
			this.#queue = this.#queue.filter((e) => e !== next);
			this.#now = next.at;
			next.run();
		}
		this.#now = until;
		await settle();
	}
}

/** Lets pending promise continuations run (a few rounds of microtasks). */
async function settle(): Promise<void> {
	for (let i = 0; i < 10; i++) await Promise.resolve();
	await new Promise<void>((resolve) => queueMicrotask(resolve));
}
