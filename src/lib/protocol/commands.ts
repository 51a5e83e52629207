import { z } from 'zod';
import { NOTE_COLOURS } from '../board/records';
import { idSchema } from '../board/schema';
import { PHASES, type Phase } from '../engine/phases';
import type { DuplicateHint } from '../suggest/suggester';

// Meeting commands over socket.io (namespace /meeting). Every command is `emit(name, payload, ack)`
// and is acknowledged with `{ ok: true, ... }` or `{ ok: false, code, message }` (see errors.ts).
// Text limits are checked by the board operations; here only shapes and sizes.

const text = z.string().max(2000);

export const commandSchemas = {
	'note:add': z.object({
		id: idSchema,
		text,
		colour: z.enum(NOTE_COLOURS).optional(),
		clusterId: idSchema.nullable().optional()
	}),
	'note:edit': z.object({ id: idSchema, text }),
	'note:remove': z.object({ id: idSchema }),
	'note:move': z.object({ id: idSchema, clusterId: idSchema.nullable(), beforeId: idSchema.nullable().optional() }),
	/**
	 * Moves 1–200 notes at once to the end of a cluster (null: ungrouped), creating it first when
	 * `newCluster` is given (then `clusterId` is its id): one change, one audit entry, all or nothing.
	 */
	'notes:move': z
		.object({
			ids: z.array(idSchema).min(1).max(200),
			clusterId: idSchema.nullable(),
			newCluster: z.object({ id: idSchema, title: z.string().max(500) }).optional()
		})
		.refine((d) => new Set(d.ids).size === d.ids.length, { message: 'ids must be distinct', path: ['ids'] })
		.refine((d) => !d.newCluster || d.newCluster.id === d.clusterId, { message: 'clusterId must be the new cluster’s id', path: ['clusterId'] }),
	'cluster:create': z.object({ id: idSchema, title: z.string().max(500) }),
	'cluster:rename': z.object({ id: idSchema, title: z.string().max(500) }),
	'cluster:remove': z.object({ id: idSchema }),
	'cluster:merge': z.object({ sourceId: idSchema, targetId: idSchema }),
	'cluster:reorder': z.object({ id: idSchema, beforeId: idSchema.nullable() })
} as const;

export type CommandName = keyof typeof commandSchemas;
export type CommandPayload<N extends CommandName> = z.infer<(typeof commandSchemas)[N]>;

export const COMMAND_NAMES = Object.keys(commandSchemas) as CommandName[];

/** Board commands that create, move or change clusters: "grouping" in the authority table. */
export const GROUPING_COMMANDS: ReadonlySet<CommandName> = new Set([
	'note:move',
	'notes:move',
	'cluster:create',
	'cluster:rename',
	'cluster:remove',
	'cluster:merge',
	'cluster:reorder'
]);

const voteKey = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/);

/** Dot voting (participants, in the vote phase). `key` makes a retried command count once. */
export const voteSchemas = {
	'vote:place': z.object({ itemKind: z.enum(['cluster', 'note']), itemId: idSchema, key: voteKey }),
	/** Takes back the vote placed with `key`; taking back a vote already taken back is fine. */
	'vote:remove': z.object({ key: voteKey })
} as const;

export type VoteCommandName = keyof typeof voteSchemas;

/** A participant's own votes, sent to them after every change. */
export interface MyVotes {
	budget: number;
	maxPerItem: number;
	votes: { key: string; itemKind: 'cluster' | 'note'; itemId: string }[];
}

/** Vote totals per item, sent to everyone once the moderator reveals them. */
export interface VoteTallies {
	clusters: Record<string, number>;
	notes: Record<string, number>;
	voters: number;
}

/** Meeting control commands (moderators only), acknowledged like board commands. */
export const controlSchemas = {
	/** Moves the meeting to a phase: the next one, or back one step. */
	'meeting:phase': z.object({ phase: z.enum(PHASES) }),
	/** Reveals every note of a private brainstorm at once. */
	'notes:reveal': z.object({}),
	/** Reveals the vote tallies to everyone. */
	'votes:reveal': z.object({}),
	/** Removes a participant: their sessions end on every connection at once. */
	'participant:remove': z.object({ participantId: z.uuid() }),
	/** Freezes (or unfreezes) the board at any phase. */
	'board:lock': z.object({ locked: z.boolean() }),
	/** Starts a countdown for the current phase; at zero it advances the phase or only signals. */
	'timer:start': z.object({ seconds: z.number().int().min(10).max(4 * 3600), autoAdvance: z.boolean() }),
	'timer:pause': z.object({}),
	'timer:resume': z.object({}),
	/** Adds time; always possible (WCAG 2.2.1), also after the timer ran out. */
	'timer:extend': z.object({ seconds: z.number().int().min(10).max(3600) }),
	'timer:stop': z.object({}),
	/** The priority list's order (rank phase): every cluster id on it, first = highest. */
	'rank:order': z.object({ clusterIds: z.array(idSchema).max(200) }),
	/** A priority's rationale and whether it is a top priority. */
	'rank:update': z.object({ clusterId: idSchema, rationale: z.string().max(1000).optional(), isTop: z.boolean().optional() }),
	/** Hides (restorable) or removes a note with a reason its author sees, or restores a hidden one. */
	'note:moderate': z.object({ noteId: idSchema, action: z.enum(['hide', 'remove', 'restore']), reason: z.string().max(300).default('') }),
	/** Merges a duplicate note into another: the duplicate leaves the board, its votes move. */
	'note:merge': z.object({ sourceId: idSchema, targetId: idSchema }),
	/** The meeting's audit log (phase changes and moderation), newest first. */
	'audit:list': z.object({}),
	/** The notes taken off the board by moderation (hidden, removed, merged), newest first. */
	'moderation:list': z.object({}),
	/**
	 * The room's projector link: the current one (made on first use), or with `replace` a new one
	 * (the previous link stops working).
	 */
	'projector:link': z.object({ replace: z.boolean().optional() }),
	/**
	 * Suggested groups for the unclustered ideas, assignments to existing groups and duplicate
	 * hints (grouping phase). Computed from public idea texts only; changes nothing.
	 */
	'board:suggest': z.object({}),
	/**
	 * The duplicate hints of the board now: ideas that (nearly) repeat an earlier one, kept up to
	 * date as ideas arrive (new ones come as `duplicates:hint`). Public ideas only; changes nothing.
	 */
	'duplicates:list': z.object({})
} as const;

export type { Assignment, DuplicateHint, SuggestedGroup, Suggestions } from '../suggest/suggester';

/** A note taken off the board by a moderator, as `moderation:list` answers. */
export interface ModeratedNote {
	noteId: string;
	text: string;
	status: 'hidden' | 'removed' | 'merged';
	/** The reason given; for a merged note, the id of the note it was merged into. */
	reason: string;
	createdAt: number;
	moderatorName: string | null;
}

/** What a moderator did to one of my notes, as its author is told. */
export interface ModerationNotice {
	noteId: string;
	text: string;
	status: 'hidden' | 'removed' | 'merged' | 'restored';
	reason: string;
}

/** A priority of the final list. */
export interface Priority {
	clusterId: string;
	position: number;
	rationale: string;
	isTop: boolean;
	/** Votes on the cluster; null for participants and the projector while the votes are hidden. */
	votes: number | null;
}

/** The phase timer as every client shows it; `serverNow` lets a client correct its own clock. */
export interface TimerState {
	/** When the countdown reaches zero (ms since epoch, server clock); null unless running. */
	endsAt: number | null;
	/** Time left while paused (ms); null unless paused. 0 after running out. */
	remainingMs: number | null;
	autoAdvance: boolean;
	serverNow: number;
}

export type ControlName = keyof typeof controlSchemas;
export type ControlPayload<N extends ControlName> = z.infer<(typeof controlSchemas)[N]>;

/** What every client of a meeting knows about its state; sent on connect and on every change. */
export interface MeetingState {
	phase: Phase;
	whoMayGroup: 'moderators' | 'everyone';
	anonymousAuthors: boolean;
	lateNotesAllowed: boolean;
	locked: boolean;
	notesPrivateUntilReveal: boolean;
	notesRevealed: boolean;
	/** Notes are private now: each participant sees only their own until the reveal. */
	privateBrainstorm: boolean;
	votesRevealed: boolean;
	votesPerParticipant: number;
	maxVotesPerItem: number;
	timer: TimerState;
	closedAt: number | null;
}

/** A note of a private brainstorm as its author (or a moderator) receives it. */
export interface PrivateNote {
	id: string;
	authorId: string;
	text: string;
	colour: 'yellow' | 'green' | 'blue' | 'pink' | 'orange';
	createdAt: number;
}

/** Server → client events on /meeting. */
export interface MeetingEvents {
	/**
	 * Sent once after connecting: who you are, and the meeting's state. `boardEpoch` names this run
	 * of the server's board: a replica built under another epoch must be dropped and synced anew.
	 */
	ready: [info: { role: 'participant' | 'moderator' | 'projector'; id: string; name: string; savingPaused: boolean; boardEpoch: string; meeting: MeetingState }];
	/** The board was replaced (a purge): a new epoch, replicas are dropped and synced anew. */
	'board:epoch': [epoch: string];
	/** The meeting's state changed (phase, lock, settings). */
	'meeting:state': [state: MeetingState];
	/** A participant's own private notes (during a private brainstorm), after every change. */
	'private:notes': [notes: PrivateNote[]];
	/** The ids of the notes I wrote (after connecting and after I add or remove one): the board names no author. */
	'notes:mine': [ids: string[]];
	/** How many private notes there are in all (everyone may know the count). */
	'private:count': [count: number];
	/** Every private note, to moderators only. */
	'private:all': [notes: PrivateNote[]];
	/** My votes (participants), after every change. */
	'votes:mine': [votes: MyVotes];
	/** How many have voted so far (moderators and the projector, before the reveal). */
	'votes:progress': [progress: { voters: number; participants: number }];
	/** Totals per item (everyone, after the reveal). */
	'votes:tallies': [tallies: VoteTallies];
	/** The timer ran out (the state follows in meeting:state). */
	'timer:expired': [info: { advancedTo: Phase | null }];
	/** The priority list (rank phase and after), to everyone. */
	'rank:priorities': [priorities: Priority[]];
	/** One of my notes was hidden, removed or merged by a moderator (to its author only). */
	'moderation:notice': [notice: ModerationNotice];
	/** New duplicate hints, the moment the idea that repeats an earlier one arrives (moderators only). */
	'duplicates:hint': [hints: DuplicateHint[]];
	/** Saving to the database is paused (true) or works again (false). */
	'saving:paused': [paused: boolean];
	/** This connection's session ended (removed participant, signed out). */
	'session:ended': [reason: 'removed' | 'signed_out'];
}
