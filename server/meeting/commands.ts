import type { Socket } from 'socket.io';
import type { Ack, ErrorCode } from '../../src/lib/protocol/errors';
import type { Logger } from '../../src/lib/server/log';
import type { RateLimiter } from '../rate-limit';

const MESSAGES: Record<ErrorCode, string> = {
	VALIDATION: 'The command does not match its schema.',
	UNAUTHENTICATED: 'Not signed in to this meeting.',
	FORBIDDEN: 'Your role may not do this.',
	PHASE_CLOSED: 'The meeting’s current phase does not allow this.',
	BOARD_LOCKED: 'The board is locked by the moderator.',
	NOT_FOUND: 'No such meeting, note or cluster.',
	NOTE_LIMIT: 'You have reached the limit of notes per participant.',
	CLUSTER_LIMIT: 'The board has reached its limit of clusters.',
	BOARD_FULL: 'The board has reached its limit of notes.',
	VOTE_BUDGET: 'You have used all your votes; take one back to vote elsewhere.',
	VOTE_ITEM_CAP: 'You have put the most votes allowed on this item.',
	RATE_LIMITED: 'Too many commands; try again in a moment.',
	UNAVAILABLE: 'Saving is paused; try again in a moment.',
	INTERNAL: 'An unexpected error occurred.'
};

/** A refusal as every command acknowledges it. */
export function failure(code: ErrorCode, message = MESSAGES[code]): Ack {
	return { ok: false, code, message };
}

/** The issues of a failed schema check, as one readable message. */
export function validationFailure(issues: { path: PropertyKey[]; message: string }[]): Ack {
	return failure('VALIDATION', issues.map((i) => `${i.path.map(String).join('.')}: ${i.message}`).join('; '));
}

/**
 * Listens for `names` on a socket. Every command must carry an ack callback (one without is
 * ignored), counts against the socket's rate limit, and is answered with `run`'s ack; a thrown
 * error is a bug, logged and answered INTERNAL.
 */
export function onCommands<N extends string>(
	socket: Socket,
	names: readonly N[],
	deps: { log: Logger; limiter: RateLimiter },
	run: (name: N, payload: unknown) => Promise<Ack>
): void {
	for (const name of names) {
		socket.on(name as string, async (payload: unknown, ack: unknown) => {
			if (typeof ack !== 'function') return;
			const reply = ack as (response: Ack) => void;
			if (!deps.limiter.take()) return reply(failure('RATE_LIMITED'));
			try {
				reply(await run(name, payload));
			} catch (error) {
				deps.log.error(`Meeting command ${name} failed`, error);
				reply(failure('INTERNAL'));
			}
		});
	}
}
