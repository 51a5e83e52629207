import type { z } from 'zod';
import type { Phase } from '../engine/phases';
import type { DuplicateHint, Suggestions } from '../suggest/suggester';
import { commandSchemas, controlSchemas, voteSchemas, type MeetingEvents, type ModeratedNote } from './commands';
import type { Ack } from './errors';

// The socket.io contract of namespace /meeting in one place: every command with its payload schema
// and its answer, every server event with its arguments. The server's handlers and the browser's
// client are typed by it (socket.io's `Socket<ListenEvents, EmitEvents>` generics), so a command
// or event cannot be sent with another shape than the one received; PROTOCOL.md is checked
// against it (protocol-doc.test.ts).

/** Every command a client may send, with the schema its payload is validated against. */
export const meetingCommandSchemas = { ...commandSchemas, ...voteSchemas, ...controlSchemas } as const;

export type MeetingCommandName = keyof typeof meetingCommandSchemas;

/** The names of every command, for the documentation check and dispatch. */
export const MEETING_COMMAND_NAMES = Object.keys(meetingCommandSchemas) as MeetingCommandName[];

/** What a client sends (defaults not yet filled in). */
export type MeetingCommandInput<N extends MeetingCommandName> = z.input<(typeof meetingCommandSchemas)[N]>;
/** What a handler receives once the payload passed its schema. */
export type MeetingCommandPayload<N extends MeetingCommandName> = z.output<(typeof meetingCommandSchemas)[N]>;

/** An entry of the meeting's audit log, as `audit:list` answers. */
export interface AuditEntry {
	id: number;
	action: string;
	details: Record<string, unknown>;
	createdAt: number;
	moderatorName: string | null;
}

/** What each command's `{ ok: true, ... }` carries besides `ok` (nothing: `{}`). */
export interface CommandAnswers {
	'note:add': object;
	'note:edit': object;
	'note:remove': object;
	'note:move': object;
	'notes:move': { moved: number };
	'cluster:create': object;
	'cluster:rename': object;
	'cluster:remove': object;
	'cluster:merge': object;
	'cluster:reorder': object;
	'vote:place': object;
	'vote:remove': object;
	'meeting:phase': { phase: Phase };
	'notes:reveal': { revealed: number };
	'votes:reveal': object;
	'participant:remove': object;
	'board:lock': object;
	'timer:start': object;
	'timer:pause': object;
	'timer:resume': object;
	'timer:extend': object;
	'timer:stop': object;
	'rank:order': object;
	'rank:update': object;
	'note:moderate': object;
	'note:merge': object;
	'audit:list': { entries: AuditEntry[] };
	'moderation:list': { notes: ModeratedNote[] };
	'projector:link': { path: string; created: boolean };
	'board:suggest': Suggestions;
	'duplicates:list': { duplicates: DuplicateHint[] };
}

// Every command has an answer type and every answer type a command (checked by the compiler).
type Exact<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const everyCommandAnswered: Exact<keyof CommandAnswers, MeetingCommandName> = true;
void everyCommandAnswered;

/** The acknowledgement of command `N`. */
export type CommandAnswer<N extends MeetingCommandName> = Ack<CommandAnswers[N]>;

/**
 * The answer to a command sent by name: the contract's answer for a command of the contract, any
 * acknowledgement for another name (a hostile client may send anything; it is answered or ignored).
 */
export type AnswerTo<N extends string> = N extends MeetingCommandName ? CommandAnswer<N> : Ack;

/** Client → server: `emit(name, payload, ack)` for every command. */
export type ClientToServerEvents = {
	[N in MeetingCommandName]: (payload: MeetingCommandInput<N>, ack: (answer: CommandAnswer<N>) => void) => void;
};

/** Server → client: every event of MeetingEvents as a listener. */
export type ServerToClientEvents = {
	[E in keyof MeetingEvents]: (...args: MeetingEvents[E]) => void;
};

export type MeetingEventName = keyof MeetingEvents;

/** The names of every server event (a record, so that the compiler finds a missing or extra one). */
const EVENTS: Record<MeetingEventName, true> = {
	ready: true,
	'board:epoch': true,
	'meeting:state': true,
	'private:notes': true,
	'notes:mine': true,
	'private:count': true,
	'private:all': true,
	'votes:mine': true,
	'votes:progress': true,
	'votes:tallies': true,
	'timer:expired': true,
	'rank:priorities': true,
	'moderation:notice': true,
	'duplicates:hint': true,
	'saving:paused': true,
	'session:ended': true
};

/** The names of every server → client event, for the documentation check. */
export const MEETING_EVENT_NAMES = Object.keys(EVENTS) as MeetingEventName[];

/** Whether `name` is a command of the contract. */
export function isMeetingCommand(name: unknown): name is MeetingCommandName {
	return typeof name === 'string' && Object.hasOwn(meetingCommandSchemas, name);
}
