// Rate limits of realtime connections (per WebSocket, per socket.io socket).

/** A token bucket: `perSecond` on average, bursts of `burst`. */
export interface RateLimiter {
	take(): boolean;
}

export function tokenBucket(perSecond: number, burst: number): RateLimiter {
	let tokens = burst;
	let at = Date.now();
	return {
		take() {
			const now = Date.now();
			tokens = Math.min(burst, tokens + ((now - at) / 1000) * perSecond);
			at = now;
			if (tokens < 1) return false;
			tokens -= 1;
			return true;
		}
	};
}
