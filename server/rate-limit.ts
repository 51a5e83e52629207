// Rate limits of realtime connections (per WebSocket, per socket.io socket).

/** A token bucket: `perSecond` on average, bursts of `burst`. */
export interface RateLimiter {
	take(): boolean;
	/** How long until `take()` can succeed again (0 when it can now). */
	retryAfterMs(): number;
}

/** A class rather than a closure: there is one per connection, and an instance is the smaller. */
class TokenBucket implements RateLimiter {
	#tokens: number;
	#at = Date.now();

	constructor(
		readonly perSecond: number,
		readonly burst: number
	) {
		this.#tokens = burst;
	}

	take(): boolean {
		const now = Date.now();
		this.#tokens = Math.min(this.burst, this.#tokens + ((now - this.#at) / 1000) * this.perSecond);
		this.#at = now;
		if (this.#tokens < 1) return false;
		this.#tokens -= 1;
		return true;
	}

	retryAfterMs(): number {
		const tokens = Math.min(this.burst, this.#tokens + ((Date.now() - this.#at) / 1000) * this.perSecond);
		return tokens >= 1 ? 0 : Math.ceil(((1 - tokens) / this.perSecond) * 1000);
	}
}

export function tokenBucket(perSecond: number, burst: number): RateLimiter {
	return new TokenBucket(perSecond, burst);
}

/**
 * How many connections each person has open, capped: `take(key)` counts one more and says whether
 * it was allowed; `release(key)` counts one less. Keys name a person in a meeting.
 */
export class ConnectionCap {
	readonly #open = new Map<string, number>();

	constructor(readonly max: number) {}

	take(key: string): boolean {
		const open = this.#open.get(key) ?? 0;
		if (open >= this.max) return false;
		this.#open.set(key, open + 1);
		return true;
	}

	release(key: string): void {
		const open = (this.#open.get(key) ?? 0) - 1;
		if (open > 0) this.#open.set(key, open);
		else this.#open.delete(key);
	}
}

/** Commands this process may be working on at once before new ones are answered OVERLOADED (SAMLA_MAX_COMMANDS_IN_FLIGHT). */
const MAX_COMMANDS_IN_FLIGHT = 2000;
/** How late the event loop may run before new commands are answered OVERLOADED. */
const MAX_LOOP_DELAY_MS = 500;
/**
 * How often the event loop's lateness is measured while commands come. Each measurement is a timer
 * that wakes the process: on the 2-core machines of issue 15 a wake-up from idle cost about 160 µs
 * of CPU, so a probe every 100 ms cost an idle server 1.6 ms of CPU a second (a third of its
 * wake-ups at meeting pace). A loop more than MAX_LOOP_DELAY_MS late is seen as well every 500 ms.
 */
const LOOP_PROBE_MS = 500;

/**
 * Whether this process takes another command now: shedding load explicitly rather than letting
 * every answer grow late. It is overloaded while more than MAX_COMMANDS_IN_FLIGHT commands wait
 * for their answers (PostgreSQL or the event loop cannot keep up), or while its event loop runs
 * more than MAX_LOOP_DELAY_MS late. A refused command changed nothing and is told when to retry.
 *
 * The loop's lateness is measured only while commands come: the probe is armed by a command and
 * goes on while they keep coming, so an idle process is never woken for it. A measurement counts
 * for two probe intervals at most: an old one (a pause before a quiet hour) refuses nothing.
 */
export class CommandAdmission {
	inFlight = 0;
	#probe: ReturnType<typeof setTimeout> | null = null;
	/** When the probe's timer is due (Date.now()). */
	#expected = 0;
	/** How late the probe's last timer fired, and when (Date.now()). */
	#lastDelayMs = 0;
	#measuredAt = -Infinity;
	/** Commands judged since the probe was armed. */
	#judged = 0;
	#stopped = false;

	constructor(
		readonly maxInFlight = MAX_COMMANDS_IN_FLIGHT,
		readonly maxLoopDelayMs = MAX_LOOP_DELAY_MS,
		readonly probeMs = LOOP_PROBE_MS
	) {}

	/** How late the event loop ran when last measured (0 if that was longer ago than two probes). */
	get loopDelayMs(): number {
		return Date.now() - this.#measuredAt <= 2 * this.probeMs ? this.#lastDelayMs : 0;
	}

	/** Whether the probe's timer is armed (commands came within the last probe interval). */
	get probing(): boolean {
		return this.#probe !== null;
	}

	/** 0 when a command may start now, else how long its sender should wait before sending it again. */
	refuseFor(): number {
		this.#judged++;
		if (!this.#probe && !this.#stopped) this.#arm();
		if (this.inFlight >= this.maxInFlight) return 250 + Math.floor(Math.random() * 750);
		const late = this.loopDelayMs;
		if (late > this.maxLoopDelayMs) return late + Math.floor(Math.random() * 500);
		return 0;
	}

	#arm(): void {
		this.#judged = 0;
		this.#expected = Date.now() + this.probeMs;
		this.#probe = setTimeout(this.#measure, this.probeMs);
		this.#probe.unref();
	}

	readonly #measure = (): void => {
		this.#probe = null;
		const now = Date.now();
		this.#lastDelayMs = Math.max(0, now - this.#expected);
		this.#measuredAt = now;
		// Commands came meanwhile: measure on. (Those a late timer kept waiting are read after it, and
		// arm the probe again themselves.)
		if (this.#judged > 0 && !this.#stopped) this.#arm();
	};

	stop(): void {
		this.#stopped = true;
		if (this.#probe) clearTimeout(this.#probe);
		this.#probe = null;
	}
}
