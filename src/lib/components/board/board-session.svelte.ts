import type { BoardSnapshot } from '$lib/board/board';
import type { MeetingConnection } from '$lib/client/meeting-connection.svelte';
import { authorize, type Decision } from '$lib/protocol/authority';
import type { CommandName, CommandPayload, MeetingState } from '$lib/protocol/commands';
import { pendingNoteIds } from './own-notes';

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
		this.state = $derived(this.connection?.meeting ?? this.initialState);
		this.board = $derived(this.connection?.board ?? EMPTY);
		this.pendingIds = $derived(pendingNoteIds(this.connection?.pending ?? []));
		this.isModerator = $derived(this.role === 'moderator');
	}

	role: Visitor['role'] | 'projector';
	myId: string;
	state: BoardRules;
	board: BoardSnapshot;
	/** Notes that a command waiting in the outbox adds, changes, moves or removes. */
	pendingIds: Set<string>;
	isModerator: boolean;

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

	can(command: CommandName, ownNote?: boolean): boolean {
		return this.decide(command, ownNote).ok;
	}

	send<N extends CommandName>(name: N, payload: CommandPayload<N>): void {
		this.connection?.send(name, payload);
	}
}
