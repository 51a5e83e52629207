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
const LOOP_PROBE_MS = 100;

/**
 * Whether this process takes another command now: shedding load explicitly rather than letting
 * every answer grow late. It is overloaded while more than MAX_COMMANDS_IN_FLIGHT commands wait
 * for their answers (PostgreSQL or the event loop cannot keep up), or while its event loop runs
 * more than MAX_LOOP_DELAY_MS late. A refused command changed nothing and is told when to retry.
 */
export class CommandAdmission {
	inFlight = 0;
	/** How late the probe's last timer fired. */
	loopDelayMs = 0;
	readonly #probe: ReturnType<typeof setInterval>;
	#expected = Date.now() + LOOP_PROBE_MS;

	constructor(
		readonly maxInFlight = MAX_COMMANDS_IN_FLIGHT,
		readonly maxLoopDelayMs = MAX_LOOP_DELAY_MS
	) {
		this.#probe = setInterval(() => {
			const now = Date.now();
			this.loopDelayMs = Math.max(0, now - this.#expected);
			this.#expected = now + LOOP_PROBE_MS;
		}, LOOP_PROBE_MS);
		this.#probe.unref();
	}

	/** 0 when a command may start now, else how long its sender should wait before sending it again. */
	refuseFor(): number {
		if (this.inFlight >= this.maxInFlight) return 250 + Math.floor(Math.random() * 750);
		if (this.loopDelayMs > this.maxLoopDelayMs) return this.loopDelayMs + Math.floor(Math.random() * 500);
		return 0;
	}

	stop(): void {
		clearInterval(this.#probe);
	}
}
