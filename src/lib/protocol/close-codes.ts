/**
 * WebSocket close codes of the /yjs/<meetingId> endpoint (documented in PROTOCOL.md).
 * 4000–4999 are reserved for applications by RFC 6455. The stock y-websocket provider (3.x) takes
 * 4400–4499 as permanent (it stops and emits `closed`) and every other code as transient (it
 * reconnects with backoff); 4500–4599 mean "try again later". So: 44xx only for refusals that
 * reconnecting cannot fix, 45xx for everything that passes. A frame above the size limit is closed
 * by the ws library with the standard 1009.
 */
export const CloseCode = {
	/** The board was reloaded (e.g. after a purge); reconnect. */
	GoingAway: 1001,
	/**
	 * Service restart: the instance is shutting down, or another instance serves this meeting now;
	 * reconnect (a proxy routes the new connection to the meeting's owner).
	 */
	ServiceRestart: 1012,
	/** A frame above the size limit (sent by the ws library). */
	MessageTooBig: 1009,
	/** Permanent: a frame that is not a y-websocket message, or cannot be decoded. */
	MalformedMessage: 4400,
	/** Permanent: the session ended, or the participant was removed from the meeting. */
	Unauthorized: 4401,
	/** Permanent: a state vector naming more clients than the board can have. */
	StateVectorTooLong: 4413,
	/** Transient: the board could not be loaded; reconnect with backoff. */
	InternalError: 4500,
	/** Transient: more unsent data queued for this connection than allowed (it does not read); reconnect. */
	SlowConsumer: 4508,
	/** Transient: too many messages or state requests in too short a time; reconnect later, send less. */
	RateLimited: 4529,
	/** Transient: this person has the most board connections allowed to this meeting open; retry when one closes. */
	TooManyConnections: 4530
} as const;

export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode];

/** Whether the stock y-websocket provider gives up after this code (4400–4499) instead of reconnecting. */
export function isPermanentClose(code: number): boolean {
	return code >= 4400 && code < 4500;
}
