import type { BoardSnapshot } from '$lib/board/read';
import type { MeetingConnection } from '$lib/client/meeting-connection.svelte';
import { authorize, authorizeVote, type Decision } from '$lib/protocol/authority';
import type { CommandName, CommandPayload, MeetingState } from '$lib/protocol/commands';
import { mineWithWaiting, pendingNoteIds } from './own-notes';

export interface Visitor {
	role: 'participant' | 'moderator';
	id: string;
	name: string;
	attendance: 'on_site' | 'remote' | null;
}

/** The part of the meeting's state the board itself follows (the server sends more). */
export type BoardRules = Pick<
	MeetingState,
	'phase' | 'whoMayGroup' | 'anonymousAuthors' | 'lateNotesAllowed' | 'locked' | 'privateBrainstorm'
>;

const EMPTY: BoardSnapshot = { schemaVersion: 0, clusters: [], unclustered: [] };

/**
 * What the board's components share: who is looking, the meeting's rules as last known (from the
 * page load until the live connection says otherwise), the board, and the commands. The same
 * authorize() the server enforces decides which controls to show.
 */
export class BoardSession {
	connection = $state<MeetingConnection | null>(null);
	/** What the page's polite live region reads out next (`n` makes a repeat count as new). */
	spoken = $state({ text: '', n: 0 });
	/** Edits typed but not yet acknowledged (the ranking's rationales): closing the meeting warns while there are any. */
	unsavedEdits = $state(0);
	/** Counts this visitor's moderation actions, so lists of moderated notes know to reload. */
	moderated = $state(0);
	readonly visitor: Visitor;
	readonly initialState: BoardRules;
	/** An archived meeting: the server refuses every change, so no control is shown. */
	readonly readOnly: boolean;

	constructor(visitor: Visitor, initialState: BoardRules, { readOnly = false } = {}) {
		this.visitor = visitor;
		this.initialState = initialState;
		this.readOnly = readOnly;
		this.role = $derived(this.connection?.me?.role ?? this.visitor.role);
		this.myId = $derived(this.connection?.me?.id ?? this.visitor.id);
		this.myNoteIds = $derived(mineWithWaiting(this.connection?.myNoteIds, this.connection?.pending ?? []));
		this.state = $derived(this.connection?.meeting ?? this.initialState);
		this.board = $derived(this.connection?.board ?? EMPTY);
		this.pendingIds = $derived(pendingNoteIds(this.connection?.pending ?? []));
		this.isModerator = $derived(this.role === 'moderator');
		this.meeting = $derived(this.connection?.meeting ?? null);
	}

	role: Visitor['role'] | 'projector';
	myId: string;
	/** The notes I wrote (the board names no author): as the server said, and those I am adding. */
	myNoteIds: ReadonlySet<string>;
	state: BoardRules;
	board: BoardSnapshot;
	/** Notes that a command waiting in the outbox adds, changes, moves or removes. */
	pendingIds: Set<string>;
	isModerator: boolean;
	/** Everything the server last said about the meeting (phase, timer, votes, closing); null until connected. */
	meeting: MeetingState | null;

	/** Whether the visitor may do this now; `ownNote` for edits and removals of a note. */
	decide(command: CommandName, ownNote?: boolean): Decision {
		if (this.readOnly) return { ok: false, code: 'NOT_FOUND' };
		return authorize(command, {
			role: this.role,
			phase: this.state.phase,
			whoMayGroup: this.state.whoMayGroup,
			locked: this.state.locked,
			lateNotesAllowed: this.state.lateNotesAllowed,
			ownNote
		});
	}

	/** Tells screen reader users something, politely. */
	say(text: string): void {
		this.spoken = { text, n: this.spoken.n + 1 };
	}

	/**
	 * Whether the page offers voting now (participants and moderators, in `vote`, unlocked). A
	 * moderator votes as a participant: the server gives them a participant identity at their first vote.
	 */
	canVote(): boolean {
		if (this.readOnly || !this.meeting || (this.role !== 'participant' && this.role !== 'moderator')) return false;
		return authorizeVote({ role: this.role, phase: this.state.phase, locked: this.state.locked }).ok;
	}

	can(command: CommandName, ownNote?: boolean): boolean {
		return this.decide(command, ownNote).ok;
	}

	send<N extends CommandName>(name: N, payload: CommandPayload<N>): void {
		this.connection?.send(name, payload);
	}
}
