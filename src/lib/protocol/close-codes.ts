/**
 * WebSocket close codes of the /yjs/<meetingId> endpoint (documented in PROTOCOL.md).
 * 4000–4999 are reserved for applications by RFC 6455.
 */
export const CloseCode = {
	/** The server is shutting down; reconnect later. */
	GoingAway: 1001,
	/** A frame that is not a y-websocket message, or cannot be decoded. */
	MalformedMessage: 4400,
	/** The session ended, or the participant was removed from the meeting. */
	Unauthorized: 4401,
	/** The client wrote to the board document; writes go through meeting commands. */
	ReadOnly: 4403,
	/** The meeting does not exist (any more). */
	MeetingNotFound: 4404,
	/** A frame above the size limit. */
	MessageTooBig: 4413,
	/** Too many messages in too short a time. */
	RateLimited: 4429,
	/** Decoding or validating a message took too long (a hostile update). */
	Timeout: 4408,
	/** The server failed unexpectedly; reconnect. */
	InternalError: 4500
} as const;

export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode];
