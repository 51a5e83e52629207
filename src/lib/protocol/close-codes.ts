/**
 * WebSocket close codes of the /yjs/<meetingId> endpoint (documented in PROTOCOL.md).
 * 4000–4999 are reserved for applications by RFC 6455. A frame above the size limit is closed
 * by the ws library with the standard 1009.
 */
export const CloseCode = {
	/** The server is shutting down; reconnect later. */
	GoingAway: 1001,
	/** A frame that is not a y-websocket message, or cannot be decoded. */
	MalformedMessage: 4400,
	/** The session ended, or the participant was removed from the meeting. */
	Unauthorized: 4401,
	/** Too many messages in too short a time. */
	RateLimited: 4429,
	/** The server failed unexpectedly; reconnect. */
	InternalError: 4500
} as const;

export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode];
