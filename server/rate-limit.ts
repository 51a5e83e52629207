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
