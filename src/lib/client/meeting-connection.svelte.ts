import { io, type Socket } from 'socket.io-client';
import { IndexeddbPersistence } from 'y-indexeddb';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { snapshot, type BoardSnapshot } from '../board/read';
import { CloseCode, isPermanentClose } from '../protocol/close-codes';
import type {
	CommandName,
	CommandPayload,
	ControlName,
	MeetingState,
	ModerationNotice,
	MyVotes,
	PrivateNote,
	Priority,
	VoteCommandName,
	VoteTallies
} from '../protocol/commands';
import type { ClientToServerEvents, CommandAnswer, MeetingCommandInput, MeetingCommandName, ServerToClientEvents } from '../protocol/contract';
import type { Phase } from '../engine/phases';
import type { ErrorCode } from '../protocol/errors';
import { Outbox, retryDelayMs, type OutboxItem } from './outbox';

export interface Me {
	role: 'participant' | 'moderator' | 'projector';
	id: string;
	name: string;
}

type MeetingSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * Sends command `name` and waits up to 15 s for its answer. The contract types the caller; inside,
 * socket.io cannot relate a generic name to its payload type, so the send itself is untyped (the
 * server validates every payload anyway — an outbox item was stored before this page's version).
 */
function request<N extends MeetingCommandName>(socket: MeetingSocket, name: N, payload: MeetingCommandInput<N> | Record<string, unknown>): Promise<CommandAnswer<N>> {
	const untyped: Socket = socket;
	return untyped.timeout(15_000).emitWithAck(name, payload);
}

export interface CommandFailure {
	name: CommandName | VoteCommandName;
	code: ErrorCode;
	message: string;
	/** The note the command was about, so that its author can be told that this one was not saved. */
	noteId?: string;
}

/** Codes after which retrying the same command cannot succeed; it leaves the outbox. */
const FINAL: ReadonlySet<ErrorCode> = new Set([
	'VALIDATION',
	'FORBIDDEN',
	'PHASE_CLOSED',
	'BOARD_LOCKED',
	'NOT_FOUND',
	'NOTE_LIMIT',
	'CLUSTER_LIMIT',
	'BOARD_FULL',
	'VOTE_BUDGET',
	'VOTE_ITEM_CAP',
	'UNAUTHENTICATED'
]);

/**
 * A participant's or moderator's live connection to one meeting: the board replica (Yjs over
 * y-websocket, kept in IndexedDB for offline use) and the meeting socket that carries commands.
 * Commands wait in a persisted outbox until acknowledged, so notes written offline are sent
 * after reconnecting, once each (the server treats a repeated note id as the same note).
 */
export class MeetingConnection {
	board = $state<BoardSnapshot>({ schemaVersion: 0, clusters: [], unclustered: [] });
	me = $state<Me | null>(null);
	/** The meeting's phase and rules as the server last said (null until connected). */
	meeting = $state<MeetingState | null>(null);
	online = $state(false);
	synced = $state(false);
	savingPaused = $state(false);
	pending = $state<OutboxItem[]>([]);
	/** During a private brainstorm: my own notes (a moderator: everyone's), not yet on the board. */
	privateNotes = $state<PrivateNote[]>([]);
	/** The ids of the notes I wrote, as the server says (`notes:mine`): the board names no author. */
	myNoteIds = $state<readonly string[]>([]);
	/** During a private brainstorm: how many notes everyone has written so far. */
	privateCount = $state(0);
	/** My votes (participants). */
	myVotes = $state<MyVotes | null>(null);
	/** Vote totals, once the moderator has revealed them. */
	tallies = $state<VoteTallies | null>(null);
	/** The priority list, in `rank` and after closing. */
	priorities = $state<Priority[]>([]);
	/** What moderators did to my notes (hidden, removed, merged), one per note, oldest first. */
	notices = $state<ModerationNotice[]>([]);
	/** The phase timer ran out (and where it moved the meeting), until dismissed or restarted. */
	timerExpired = $state<{ advancedTo: Phase | null; at: number } | null>(null);
	/** How many have voted (moderators, before the reveal). */
	voteProgress = $state<{ voters: number; participants: number } | null>(null);
	failures = $state<CommandFailure[]>([]);
	/**
	 * Everyone's presence state as the board's awareness holds it (read in the presence panel's chunk,
	 * presence-summary.ts, so that the page does not carry the reading).
	 */
	presence = $state.raw<readonly (readonly [clientId: number, state: Record<string, unknown>])[]>([]);
	/** Set when the session ended (removed, signed out): the page should stop and explain. */
	ended = $state<null | 'removed' | 'unauthorized'>(null);
	/** The server closed the board connection for good (a permanent close code): the page must be reloaded. */
	boardStopped = $state<number | null>(null);
	/** This person has the most connections allowed open to the meeting; this page retries until one closes. */
	tooManyConnections = $state(false);

	readonly meetingId: string;
	#doc = $state.raw(new Y.Doc());
	/** The board epoch the replica follows (see #boardEpoch). */
	#epoch: string | null = null;
	/** Whether the offline copy held a board when the page started. */
	#replicaHadState = false;
	#outbox: Outbox;
	#socket: MeetingSocket | null = null;
	#provider: WebsocketProvider | null = null;
	#idb: IndexeddbPersistence | null = null;
	#flushing = false;
	#destroyed = false;
	/** Handshakes refused or sockets ended by the server since the last `ready` (the retry's backoff). */
	#retries = 0;
	#frame = 0;
	#asProjector: boolean;
	#readOnly: boolean;

	/**
	 * `asProjector` asks the server to authenticate with the projector cookie only (so that in a
	 * moderator's browser it is still the projector; the key itself never leaves the cookie). A `readOnly` connection keeps no
	 * outbox and no offline copy (it never sends commands queued by another tab), and is not
	 * shown in presence.
	 */
	constructor(meetingId: string, { asProjector = false, readOnly = false }: { asProjector?: boolean; readOnly?: boolean } = {}) {
		this.meetingId = meetingId;
		this.#asProjector = asProjector;
		this.#readOnly = readOnly;
		this.#outbox = new Outbox(meetingId, readOnly || typeof localStorage === 'undefined' ? null : localStorage);
		this.pending = [...this.#outbox.items];
		this.#doc.on('update', () => this.#scheduleSnapshot());
	}

	/** The board replica (replaced when the server's board epoch changes). */
	get doc(): Y.Doc {
		return this.#doc;
	}

	/** Loads the offline copy first, then connects (the provider must not re-send what IndexedDB loaded). */
	async start(): Promise<void> {
		await this.#openReplica();
		if (this.#destroyed) return;
		this.#replicaHadState = this.#doc.store.clients.size > 0;
		this.#refreshSnapshot();
		this.#connectBoard();

		this.#socket = io('/meeting', {
			path: '/socket.io',
			// Named in the URL too, so that a proxy in front of several instances can route by meeting.
			query: { meeting: this.meetingId },
			auth: this.#asProjector ? { meetingId: this.meetingId, as: 'projector' } : { meetingId: this.meetingId },
			transports: ['websocket', 'polling']
		});
		this.#socket.on('ready', (info) => {
			this.tooManyConnections = false;
			this.#retries = 0;
			this.#boardEpoch(info.boardEpoch);
			this.me = { role: info.role, id: info.id, name: info.name };
			this.savingPaused = info.savingPaused;
			this.meeting = info.meeting;
			// The server sends every current notice after `ready`; one restored meanwhile is gone.
			this.notices = [];
			this.#updateOnline();
			void this.#flush();
		});
		this.#socket.on('board:epoch', (epoch) => this.#boardEpoch(epoch));
		// socket.io reconnects by itself after a lost transport, but not after the server ended the socket
		// or refused the handshake. The server ends it for good only after `session:ended`; otherwise the
		// next handshake decides, so both are tried again, with backoff, unless the refusal is final.
		this.#socket.on('disconnect', (reason) => {
			if (reason === 'io server disconnect') this.#retry();
			this.#updateOnline();
		});
		this.#socket.on('connect_error', (error: Error & { data?: { code?: string } }) => {
			const code = error.data?.code;
			if (code === 'UNAUTHENTICATED') this.#end('unauthorized');
			else if (code === 'TOO_MANY_CONNECTIONS') {
				this.tooManyConnections = true;
				this.#retry(10_000);
			} else if (code && code !== 'NOT_FOUND' && code !== 'FORBIDDEN') this.#retry();
			this.#updateOnline();
		});
		this.#socket.on('meeting:state', (state) => {
			this.meeting = state;
			// A timer that runs again, or was stopped, is no longer out of time.
			if (state.timer.remainingMs !== 0) this.timerExpired = null;
		});
		this.#socket.on('timer:expired', (info) => (this.timerExpired = { advancedTo: info.advancedTo, at: Date.now() }));
		this.#socket.on('moderation:notice', (notice) => {
			const others = this.notices.filter((n) => n.noteId !== notice.noteId);
			this.notices = notice.status === 'restored' ? others : [...others, notice];
		});
		this.#socket.on('private:notes', (notes) => (this.privateNotes = notes));
		this.#socket.on('private:all', (notes) => (this.privateNotes = notes));
		this.#socket.on('private:count', (count) => (this.privateCount = count));
		this.#socket.on('notes:mine', (ids) => (this.myNoteIds = ids));
		this.#socket.on('votes:mine', (votes) => (this.myVotes = votes));
		this.#socket.on('votes:tallies', (tallies) => (this.tallies = tallies));
		this.#socket.on('rank:priorities', (priorities) => (this.priorities = priorities));
		this.#socket.on('votes:progress', (progress) => (this.voteProgress = progress));
		this.#socket.on('saving:paused', (paused) => (this.savingPaused = paused));
		this.#socket.on('session:ended', () => this.#end('removed'));
		if (typeof window !== 'undefined') {
			window.addEventListener('online', this.#onNetwork);
			window.addEventListener('offline', this.#onNetwork);
		}
	}

	/** The board replica: the offline copy in IndexedDB, when there is one. */
	async #openReplica(): Promise<void> {
		try {
			if (!this.#readOnly) {
				this.#idb = new IndexeddbPersistence(`samla-board-${this.meetingId}`, this.#doc);
				await this.#idb.whenSynced;
			}
		} catch {
			this.#idb = null; // no IndexedDB (private mode): live only
		}
	}

	#connectBoard(): void {
		const wsOrigin = location.origin.replace(/^http/, 'ws');
		this.#provider = new WebsocketProvider(`${wsOrigin}/yjs`, this.meetingId, this.#doc, {
			maxBackoffTime: 10_000,
			params: this.#asProjector ? { meeting: this.meetingId, as: 'projector' } : { meeting: this.meetingId }
		});
		this.#provider.on('sync', (synced: boolean) => (this.synced = synced));
		this.#provider.on('status', ({ status }: { status: string }) => {
			if (status === 'connected') this.tooManyConnections = false;
			this.#updateOnline();
		});
		// Transient codes (45xx: rate limited, slow consumer, too many connections …) reconnect by
		// themselves; permanent ones (44xx) stop the provider, and the page says so.
		this.#provider.on('connection-close', (event: CloseEvent | null) => {
			if (event?.code === CloseCode.TooManyConnections) this.tooManyConnections = true;
		});
		this.#provider.on('closed', ({ code }: { code: number }) => {
			if (code === CloseCode.Unauthorized) this.#end('unauthorized');
			else if (isPermanentClose(code)) this.boardStopped = code;
		});
		this.#provider.awareness.on('change', () => this.#refreshPresence());
		// A read-only screen (the projector) is nobody in the room: it stays out of presence.
		this.#provider.awareness.setLocalState(this.#readOnly ? null : { typing: false });
	}

	/**
	 * The server names the run of its board (`boardEpoch`). Yjs sync can only add, so a replica
	 * built under another run (which may hold what that run never stored, or a board since
	 * replaced) is dropped, offline copy included, and synced anew.
	 */
	#boardEpoch(epoch: string): void {
		const key = `samla-board-epoch-${this.meetingId}`;
		let known = this.#epoch;
		try {
			known ??= this.#readOnly ? null : localStorage.getItem(key);
			if (!this.#readOnly) localStorage.setItem(key, epoch);
		} catch {
			// no storage: the epoch is kept in memory only
		}
		this.#epoch = epoch;
		if (known === epoch || (known === null && !this.#replicaHadState)) return;
		void this.#resetReplica();
	}

	async #resetReplica(): Promise<void> {
		this.#replicaHadState = false;
		this.#provider?.destroy();
		this.#provider = null;
		this.synced = false;
		const idb = this.#idb;
		this.#idb = null;
		await idb?.clearData().catch(() => undefined);
		const old = this.#doc;
		this.#doc = new Y.Doc();
		this.#doc.on('update', () => this.#scheduleSnapshot());
		old.destroy();
		if (this.#destroyed) return;
		await this.#openReplica();
		if (this.#destroyed) return;
		this.#refreshSnapshot();
		this.#connectBoard();
		this.#updateOnline();
	}

	/**
	 * Queues a board command and sends it when connected. Until acknowledged it is listed in
	 * `pending`; a refusal appears in `failures`.
	 */
	send<N extends CommandName>(name: N, payload: CommandPayload<N>): void {
		this.#enqueue(name, payload as Record<string, unknown>);
	}

	/** Places a vote on a cluster or note (queued like every command; a retry counts once). */
	vote(itemKind: 'cluster' | 'note', itemId: string): void {
		this.#enqueue('vote:place', { itemKind, itemId, key: `v-${crypto.randomUUID()}` });
	}

	/** Takes back one of my votes on an item (the latest placed, waiting ones first). */
	unvote(itemKind: 'cluster' | 'note', itemId: string): void {
		const takingBack = this.#outbox.items.filter((i) => i.name === 'vote:remove').map((i) => i.payload.key);
		const waiting = this.#outbox.items
			.filter((i) => i.name === 'vote:place' && i.payload.itemKind === itemKind && i.payload.itemId === itemId)
			.map((i) => ({ key: i.payload.key as string }));
		const confirmed = (this.myVotes?.votes ?? []).filter((v) => v.itemKind === itemKind && v.itemId === itemId);
		const vote = [...confirmed, ...waiting].findLast((v) => !takingBack.includes(v.key));
		if (vote) this.#enqueue('vote:remove', { key: vote.key });
	}

	#enqueue(name: CommandName | VoteCommandName, payload: Record<string, unknown>): void {
		const item: OutboxItem = { key: crypto.randomUUID(), name, payload, queuedAt: Date.now() };
		this.#outbox.add(item);
		this.pending = [...this.#outbox.items];
		void this.#flush();
	}

	/**
	 * A moderator's meeting control (phase, removing a participant). Not queued: it needs a live
	 * connection, and the answer says whether it happened.
	 */
	async control<N extends ControlName>(name: N, payload: MeetingCommandInput<N>): Promise<CommandAnswer<N>> {
		if (!this.#socket?.connected) return { ok: false, code: 'UNAVAILABLE', message: 'offline' };
		try {
			return await request(this.#socket, name, payload);
		} catch {
			return { ok: false, code: 'UNAVAILABLE', message: 'no answer' };
		}
	}

	/** Dismisses the "time is up" notice. */
	dismissTimerExpired(): void {
		this.timerExpired = null;
	}

	/** Dismisses a shown failure. */
	dismissFailure(failure: CommandFailure): void {
		this.failures = this.failures.filter((f) => f !== failure);
	}

	setTyping(typing: boolean): void {
		const awareness = this.#provider?.awareness;
		if (awareness && awareness.getLocalState()?.typing !== typing) awareness.setLocalStateField('typing', typing);
	}

	async #flush(): Promise<void> {
		if (this.#flushing) return;
		this.#flushing = true;
		try {
			while (this.#socket?.connected && this.me) {
				const item = this.#outbox.items[0];
				if (!item) break;
				let ack: CommandAnswer<OutboxItem['name']>;
				try {
					ack = await request(this.#socket, item.name, item.payload);
				} catch {
					break; // no ack (disconnected or slow): the item stays and is sent again on reconnect
				}
				if (ack.ok || FINAL.has(ack.code)) {
					this.#outbox.remove(item.key);
					this.pending = [...this.#outbox.items];
					// Removing a note that is already gone is what was wanted.
					if (!ack.ok && !(ack.code === 'NOT_FOUND' && item.name === 'note:remove')) {
						const noteId = typeof item.payload.id === 'string' ? item.payload.id : undefined;
						this.failures = [...this.failures, { name: item.name, code: ack.code, message: ack.message, noteId }];
					}
				} else {
					// RATE_LIMITED and OVERLOADED say when to send again; UNAVAILABLE and INTERNAL: in a second.
					await new Promise((r) => setTimeout(r, retryDelayMs(ack)));
				}
			}
		} finally {
			this.#flushing = false;
		}
	}

	// The browser knows first that the network is gone; an open WebSocket may take a minute to
	// notice. Going offline closes both connections at once, so commands wait in the outbox and
	// the page says so; coming back reconnects at once instead of after the backoff.
	#onNetwork = () => {
		if (!this.ended && !this.#destroyed) {
			if (navigator.onLine) {
				this.#provider?.connect();
				this.#socket?.connect();
			} else {
				this.#provider?.disconnect();
				this.#socket?.disconnect();
			}
		}
		this.#updateOnline();
	};

	#updateOnline(): void {
		const network = typeof navigator === 'undefined' || navigator.onLine;
		this.online = network && !!this.#socket?.connected && !!this.#provider?.wsconnected;
	}

	/** Connects the meeting socket again after `ms` (by default half a second, doubling up to 10 s, spread), unless the session ended. */
	#retry(ms = retryDelayMs({ retryAfterMs: 500 * 2 ** this.#retries++ })): void {
		setTimeout(() => {
			if (!this.#destroyed && !this.ended && navigator.onLine) this.#socket?.connect();
		}, ms);
	}

	#end(reason: 'removed' | 'unauthorized'): void {
		this.ended = reason;
		this.#provider?.disconnect();
		this.#socket?.disconnect();
	}

	#scheduleSnapshot(): void {
		if (this.#frame) return;
		const run = () => {
			this.#frame = 0;
			this.#refreshSnapshot();
		};
		this.#frame = typeof requestAnimationFrame === 'undefined' ? (setTimeout(run, 16) as unknown as number) : requestAnimationFrame(run);
	}

	#refreshSnapshot(): void {
		this.board = snapshot(this.#doc);
	}

	#refreshPresence(): void {
		this.presence = [...(this.#provider?.awareness.getStates() ?? [])];
	}

	destroy(): void {
		this.#destroyed = true;
		if (typeof window !== 'undefined') {
			window.removeEventListener('online', this.#onNetwork);
			window.removeEventListener('offline', this.#onNetwork);
		}
		this.#provider?.destroy();
		this.#socket?.disconnect();
		void this.#idb?.destroy();
		this.#doc.destroy();
	}
}
