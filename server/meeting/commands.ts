import type { Ack, ErrorCode, Refusal } from '../../src/lib/protocol/errors';
import { isDatabaseUnavailable, withinMs } from '../../src/lib/server/db/unavailable';
import type { Logger } from '../../src/lib/server/log';
import type { MeetingRules } from '../board/access';
import type { Room } from '../board/room';
import type { CommandAdmission, RateLimiter } from '../rate-limit';
import { RoomGone } from '../board/room';
import type { MeetingSocket } from './socket';

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
	OVERLOADED: 'The server is too busy to take this now; nothing was changed. Try again in a moment.',
	TOO_MANY_CONNECTIONS: 'Too many connections open to this meeting; close one and try again.',
	UNAVAILABLE: 'The database cannot be reached; nothing was changed. Try again in a moment.',
	INTERNAL: 'An unexpected error occurred.'
};

/** A refusal as every command acknowledges it. */
export function failure(code: ErrorCode, message = MESSAGES[code]): Refusal {
	return { ok: false, code, message };
}

/** A refusal that asks to be sent again after `retryAfterMs`. */
export function retryLater(code: 'RATE_LIMITED' | 'OVERLOADED', retryAfterMs: number): Refusal {
	return { ok: false, code, message: MESSAGES[code], retryAfterMs: Math.max(1, Math.round(retryAfterMs)) };
}

/** How long a command waits for the meeting's rules before it is answered UNAVAILABLE. */
export const RULES_WAIT_MS = 2000;

/**
 * The meeting's rules for a command: those the room holds (Room.rules), so a command costs no
 * round trip; when the room must read them, never waited for longer than RULES_WAIT_MS (during an
 * outage postgres.js would wait for its connect timeout and backoff).
 */
export function commandRules(room: Pick<Room, 'rules' | 'heldRules'>): Promise<MeetingRules | null> {
	const held = room.heldRules();
	return held !== undefined ? Promise.resolve(held) : withinMs(room.rules(), RULES_WAIT_MS);
}

/** The issues of a failed schema check, as one readable message. */
export function validationFailure(issues: { path: PropertyKey[]; message: string }[]): Refusal {
	return failure('VALIDATION', issues.map((i) => `${i.path.map(String).join('.')}: ${i.message}`).join('; '));
}

/** What every command handler needs of its socket. */
export interface CommandDeps {
	log: Logger;
	/** The socket's command rate limit, shared by every kind of command. */
	limiter: RateLimiter;
	/** This process's load shedding, shared by every socket (absent: never overloaded). */
	admission?: CommandAdmission;
}

/**
 * One group of commands registered on a socket by `onCommands`. Its `run` takes one of its own
 * `names` and its own `context` (the parameters say `never`: any group's run fits, and dispatch
 * passes only what the group registered).
 */
export interface CommandGroup {
	names: readonly string[];
	context: CommandDeps;
	run(name: never, payload: unknown, context: never): Promise<Ack>;
}

/**
 * Listens for `names` on a socket. Every command must carry an ack callback (one without is
 * ignored), and every one is answered: RATE_LIMITED past the socket's rate limit, OVERLOADED
 * while the process sheds load (both with `retryAfterMs`), else with `run(name, payload, context)`;
 * a thrown error is answered UNAVAILABLE when PostgreSQL cannot be reached, not at all when the
 * meeting moved to another instance meanwhile (RoomGone), and is otherwise a
 * bug, logged and answered INTERNAL.
 *
 * Every socket stays connected for a whole meeting, so what it keeps is memory per participant:
 * a socket gets one catch-all listener shared by all sockets, and `run` is a module's function
 * shared too, with the socket's own `context` passed in. (A listener per command name, each a
 * closure, made some forty closures and an event table per socket: a third of its memory.)
 */
export function onCommands<N extends string, C extends CommandDeps>(
	socket: MeetingSocket,
	names: readonly N[],
	context: C,
	run: (name: N, payload: unknown, context: C) => Promise<Ack>
): void {
	const groups = socket.data.commandGroups;
	const group: CommandGroup = { names, context, run };
	// A new array of the exact length each time: push() would reserve room for 16 more.
	socket.data.commandGroups = groups ? [...groups, group] : [group];
	if (!groups) socket.onAny(dispatch);
}

/** socket.io calls this with the socket as `this` for every event: (name, ...arguments, ack?). */
function dispatch(this: MeetingSocket, name: unknown, ...args: unknown[]): void {
	if (typeof name !== 'string') return;
	const groups = this.data.commandGroups ?? [];
	const group = groups.find((g) => g.names.includes(name));
	if (!group) return;
	const ack = args.length === 2 ? args[1] : undefined;
	if (typeof ack !== 'function') return;
	const reply = ack as (response: Ack) => void;
	const { context } = group;
	if (!context.limiter.take()) return reply(retryLater('RATE_LIMITED', context.limiter.retryAfterMs()));
	const admission = context.admission;
	const wait = admission?.refuseFor() ?? 0;
	if (wait > 0) return reply(retryLater('OVERLOADED', wait));
	if (admission) admission.inFlight++;
	group
		.run(name as never, args[0], context as never)
		.then(reply, (error: unknown) => {
			// The meeting moved to another instance while the command ran: no answer at all. The socket is
			// being closed; the client's outbox sends the command again to the new owner (docs/FLEET.md).
			if (error instanceof RoomGone) return;
			if (isDatabaseUnavailable(error)) {
				context.log.info(`Meeting command ${name}: the database cannot be reached`);
				return reply(failure('UNAVAILABLE'));
			}
			context.log.error(`Meeting command ${name} failed`, error);
			reply(failure('INTERNAL'));
		})
		.finally(() => {
			if (admission) admission.inFlight--;
		});
}
