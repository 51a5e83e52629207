/** Error codes of command acknowledgements `{ ok: false, code, message }` and of the HTTP API. */
export const ERROR_CODES = [
	'VALIDATION', // the payload does not match the command's schema
	'UNAUTHENTICATED', // no or an invalid session
	'FORBIDDEN', // the role may not do this (e.g. a participant editing another's note)
	'PHASE_CLOSED', // the meeting's phase does not allow this now
	'BOARD_LOCKED', // the moderator locked the board
	'NOT_FOUND', // meeting, note or cluster does not exist
	'NOTE_LIMIT', // the participant has reached the notes-per-participant limit
	'CLUSTER_LIMIT', // the board has reached the clusters-per-board limit
	'BOARD_FULL', // the board has reached its total note limit
	'VOTE_BUDGET', // the participant has used every vote of their budget
	'VOTE_ITEM_CAP', // the participant has put the most votes allowed on this item
	'RATE_LIMITED', // too many commands from this connection; retry after `retryAfterMs`
	'OVERLOADED', // the server is too busy to take the command now; nothing was changed; retry after `retryAfterMs`
	'TOO_MANY_CONNECTIONS', // this person has the most meeting sockets allowed open (handshake refusal); retry when one closes
	'UNAVAILABLE', // saving is paused (database unreachable); the command was not applied
	'INTERNAL' // a bug; reported and logged
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/**
 * The answer to every command. A refusal that asks to be sent again later (`RATE_LIMITED`,
 * `OVERLOADED`) says when: `retryAfterMs`.
 */
export type Ack<T extends object = object> = ({ ok: true } & T) | Refusal;

/** A refused command: nothing changed. */
export interface Refusal {
	ok: false;
	code: ErrorCode;
	message: string;
	retryAfterMs?: number;
}
