// Rate limits of realtime connections (per WebSocket, per socket.io socket).

/** A token bucket: `perSecond` on average, bursts of `burst`. */
export interface RateLimiter {
	take(): boolean;
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
