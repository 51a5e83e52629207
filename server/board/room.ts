import { randomUUID } from 'node:crypto';
import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as encoding from 'lib0/encoding';
import { legacyNoteAuthors, upgradeBoard } from '../../src/lib/board/migrations';
import { schemaVersion, snapshot, type BoardSnapshot } from '../../src/lib/board/read';
import { BOARD_SCHEMA_VERSION } from '../../src/lib/board/records';
import { MESSAGE_SYNC } from '../../src/lib/protocol/board-messages';
import type { Queries } from '../../src/lib/server/db/sql';
import type { Logger } from '../../src/lib/server/log';
import type { MeetingRules } from './access';
import { Presence, type PresenceOptions } from './presence';
import { Fenced, type BoardStore, type Fence } from './store';


/**
 * A change of the board that is one part of a larger PostgreSQL transaction (see Room.transaction):
 * `change` edits a draft of the document, `save` writes the draft's change in the transaction.
 */
export interface BoardDraft {
	change<T>(operation: (doc: Y.Doc) => T): T;
	save(within: Queries): Promise<void>;
}

/** One connected y-websocket client of a room. */
export interface BoardPeer {
	send(message: Uint8Array): void;
	/** Sends a message of a broadcast (the same object to every peer in a row); send if absent. */
	sendShared?(message: Uint8Array): void;
}

/** Who changed the board: passed as the Yjs transaction origin. */
export interface ChangeOrigin {
	kind: 'participant' | 'moderator' | 'server';
	id: string;
}

export interface RoomOptions {
	meetingId: string;
	store: BoardStore;
	log: Logger;
	/** Tells interested parties (socket.io) that saving paused or resumed. */
	onSavingPaused?(meetingId: string, paused: boolean): void;
	/** Called after changes were committed (e.g. to project the board into theme-input tables). */
	onStored?(meetingId: string): void;
	/** Compact the update log into a snapshot after this many appended updates. */
	compactEvery?: number;
	/**
	 * Commits (and so frames to every peer) at most this often while changes keep coming (ms): the
	 * first change after a quiet moment is committed at once, later ones wait for the rest of the
	 * tick and are committed, merged and sent together. Default COALESCE_MS.
	 */
	coalesceMs?: number;
	/** What of presence is sent to whom, and how often (server/board/presence.ts). */
	presence?: PresenceOptions;
	/** Reads the meeting's rules from PostgreSQL (when the room does not hold them). */
	loadRules?(meetingId: string): Promise<MeetingRules | null>;
	/** The fencing epoch this instance owns the meeting under (null: a single instance). */
	fence?: Fence;
	/** The store refused a write: another instance owns the meeting now (the room is abandoned). */
	onFenced?(meetingId: string): void;
	/**
	 * Whether PostgreSQL answers now (a quick probe on a connection of its own). Asked when a commit
	 * has waited `stallMs`: an append does not always fail when PostgreSQL goes away — it may wait in
	 * the pool's queue while the pool tries to reconnect, or for a connect that is never answered.
	 */
	databaseReachable?(): Promise<boolean>;
	/** How long a commit may wait before the room asks whether PostgreSQL answers (ms). Default STALL_MS. */
	stallMs?: number;
}

/**
 * The room was abandoned (its meeting has another owner, or this one stopped): what it did not
 * commit is not acknowledged — the clients' outboxes send it again to the owner.
 */
export class RoomGone extends Error {
	constructor(readonly meetingId: string) {
		super(`Room ${meetingId} is no longer served here`);
		this.name = 'RoomGone';
	}
}

const RETRY_MIN_MS = 100;
/**
 * A commit that has waited this long makes the room ask whether PostgreSQL answers; if it does not,
 * saving is paused at once, while the commit goes on waiting (issue 10: after a cut, the first
 * append sometimes waited 5–10 s in the pool before it failed, and the clients learnt as late).
 * Under load a commit may take this long with PostgreSQL answering: then nothing is paused.
 */
export const STALL_MS = 750;
/**
 * At most one commit per room per this many ms while changes keep coming (issue 15): in a grouping
 * storm of 300 moves a second every commit was a frame to every peer, and the fan-out took more
 * CPU than the machine had; at meeting pace (changes further apart than this) nothing waits.
 */
export const COALESCE_MS = 25;
const RETRY_MAX_MS = 5000;
/** Committed updates held unapplied at most (see Room.#unapplied): bounds their memory. */
const MAX_UNAPPLIED = 256;

/**
 * A live board: one Y.Doc per meeting, its peers and its persistence. The document is changed
 * only by `change()`; each change is acknowledged (the promise resolves) only when it is committed
 * in PostgreSQL, and only then sent to the peers: a client never holds what was not stored, so
 * after a crash it has nothing the restarted server lacks. A failing store keeps everything in
 * memory and retries.
 */
export class Room {
	readonly meetingId: string;
	/** The working document: every change, committed or still waiting for PostgreSQL. */
	readonly doc = new Y.Doc({ gc: true });
	/**
	 * This run of the room: a new value every time the room is loaded. Clients compare it with the
	 * one their replica was built under and drop the replica when it differs (PROTOCOL.md).
	 */
	readonly epoch = randomUUID();
	readonly awareness: awarenessProtocol.Awareness;
	/** What the peers are told of the awareness states (bounded in a large room). */
	readonly presence: Presence;
	readonly peers = new Set<BoardPeer>();
	savingPaused = false;
	/** The meeting's rules as last read from PostgreSQL (used while it is unreachable). */
	lastKnownRules: MeetingRules | null = null;
	/** The rules the room holds, or their read in flight; null until read or after they changed. */
	#rules: Promise<MeetingRules | null> | null = null;
	/** What `#rules` resolved to, once it has (undefined before). */
	#heldRules: MeetingRules | null | undefined = undefined;
	#rulesVersion = 0;

	/**
	 * What PostgreSQL holds, less `#unapplied`: the only state peers are sent (sync answers and
	 * updates). Read it through `#committedDoc()`.
	 */
	readonly #committed = new Y.Doc({ gc: true });
	/**
	 * Committed updates not yet applied to `#committed`, oldest first. Applying each commit as it was
	 * made cost more CPU than the change itself (issue 15), while nothing may read the committed state
	 * for minutes: they are applied together when it is next read (a sync answer, a greeting, a phase
	 * change's draft, compaction), or once MAX_UNAPPLIED wait.
	 */
	#unapplied: Uint8Array[] = [];
	#store: BoardStore;
	#log: Logger;
	#options: RoomOptions;
	#pending: Uint8Array[] = [];
	#waiters: { resolve(): void; reject(error: Error): void }[] = [];
	#flushing: Promise<void> | null = null;
	#lastStoredId = 0;
	#appendedSinceCompaction = 0;
	/** When the last append of the flush loop was committed (performance.now()), for coalescing. */
	#lastCommitAt = -Infinity;
	#exclusive: Promise<unknown> = Promise.resolve();
	#closed = false;
	/** Sync step 2 with the whole committed board (for clients that have nothing), until the next commit. */
	#wholeBoard: Uint8Array | null = null;
	/** The snapshot being written, if one is. */
	#compacting: Promise<void> | null = null;
	/** Commits waiting for PostgreSQL, oldest first: when each began (performance.now()). */
	readonly #inFlight = new Map<number, number>();
	#commitKeys = 0;
	/** The one timer that watches them (see #watchStall), while it is armed. */
	#stallTimer: ReturnType<typeof setTimeout> | null = null;
	/** The watch asked PostgreSQL and waits for the answer (no timer meanwhile). */
	#probing = false;

	constructor(options: RoomOptions, stored: { updates: Uint8Array[]; lastId: number }) {
		this.meetingId = options.meetingId;
		this.#store = options.store;
		this.#log = options.log;
		this.#options = options;
		this.#lastStoredId = stored.lastId;
		for (const doc of [this.doc, this.#committed]) {
			Y.transact(doc, () => {
				for (const update of stored.updates) Y.applyUpdate(doc, update, 'store');
			});
		}
		this.awareness = new awarenessProtocol.Awareness(this.doc);
		this.awareness.setLocalState(null); // the server has no presence of its own (but a large room's counts)
		this.presence = new Presence(this.awareness, (message) => this.#broadcast(message), options.presence);

		this.doc.on('update', (update: Uint8Array, origin: unknown) => {
			if (origin === 'store') return;
			this.#pending.push(update);
		});
	}

	/**
	 * Brings the document up to the current schema version, as a change like any other. The authors
	 * that an older document still names are recorded server-side first (`recordAuthors`), since the
	 * upgrade takes them off the shared document.
	 */
	async upgrade(recordAuthors: (authors: ReturnType<typeof legacyNoteAuthors>) => Promise<void>): Promise<void> {
		const authors = legacyNoteAuthors(this.doc);
		if (authors.length) await recordAuthors(authors);
		upgradeBoard(this.doc, { kind: 'server', id: 'upgrade' } satisfies ChangeOrigin);
		if (this.#pending.length) void this.flush().catch(() => undefined);
	}

	/**
	 * Runs a board operation as one change by `origin`. Resolves with the operation's result once
	 * the state it leaves is committed. That holds also when it changed nothing: a retried command
	 * finds its first copy's change already made, and that change may still wait for PostgreSQL,
	 * so the retry waits for the same commit (issue 9, defect 18).
	 */
	async change<T>(origin: ChangeOrigin, operation: (doc: Y.Doc) => T): Promise<T> {
		if (this.#closed) throw new RoomGone(this.meetingId);
		let result!: T;
		this.doc.transact(() => {
			result = operation(this.doc);
		}, origin);
		await this.flush();
		return result;
	}

	/**
	 * The meeting's rules, held in memory: commands are judged against them without a round trip to
	 * PostgreSQL. They are read once, and again only after `rulesChanged()`: a change made here is
	 * written to PostgreSQL and then announced (write-through), and one made anywhere else (a page,
	 * the CLI, another instance) is announced by PostgreSQL itself (NOTIFY, migration 14). The room
	 * is the meeting's single writer, so only the meeting's owner holds them. A failed read is not
	 * held: the next call reads again.
	 */
	rules(): Promise<MeetingRules | null> {
		if (this.#rules) return this.#rules;
		const load = this.#options.loadRules;
		if (!load) return Promise.resolve(this.lastKnownRules);
		const version = this.#rulesVersion;
		const reading = load(this.meetingId);
		this.#rules = reading;
		reading.then(
			(rules) => {
				if (version !== this.#rulesVersion) return;
				this.#heldRules = rules;
				if (rules) this.lastKnownRules = rules;
			},
			() => {
				if (version === this.#rulesVersion && this.#rules === reading) this.#rules = null;
			}
		);
		return reading;
	}

	/** The rules if the room holds them now (no read in flight), else undefined. */
	heldRules(): MeetingRules | null | undefined {
		return this.#heldRules;
	}

	/** The meeting's rules changed in PostgreSQL: the next `rules()` reads them afresh. */
	rulesChanged(): void {
		this.#rulesVersion++;
		this.#rules = null;
		this.#heldRules = undefined;
	}

	/**
	 * Changes the board as one part of a larger PostgreSQL transaction (a phase change that reveals
	 * ideas): `task` edits a draft of the committed document and saves its change inside its own
	 * transaction, and must resolve only once that transaction committed. Only then does the room
	 * apply the change and send it to the peers; if `task` throws, the document is as it was. The
	 * room's other changes wait meanwhile, so the log stays in commit order for compaction.
	 */
	async transaction<T>(task: (draft: BoardDraft) => Promise<T>): Promise<T> {
		if (this.#closed) throw new RoomGone(this.meetingId);
		// Wait until everything before is committed, then hold the flush loop. (Awaiting the loop's
		// own promise, not flush(): flush() resolves before the loop lets go, and would spin.)
		while (this.#flushing || this.#pending.length) {
			if (!this.#flushing) this.#kick();
			await this.#flushing?.catch(() => undefined);
		}
		let release!: () => void;
		this.#flushing = new Promise<void>((resolve) => (release = resolve));
		const draft = new Y.Doc({ gc: true });
		Y.applyUpdate(draft, Y.encodeStateAsUpdate(this.#committedDoc()), 'store');
		const before = Y.encodeStateVector(draft);
		let saved: { update: Uint8Array; id: number } | null = null;
		let failedPaused = false;
		try {
			const result = await task({
				change: (operation) => {
					let result!: ReturnType<typeof operation>;
					draft.transact(() => (result = operation(draft)));
					return result;
				},
				save: async (within) => {
					const update = Y.encodeStateAsUpdate(draft, before);
					saved = { update, id: await this.#watchStall(this.#store.append(this.meetingId, update, within, this.#options.fence ?? null)) };
				}
			});
			const committed = saved as { update: Uint8Array; id: number } | null;
			if (committed) {
				Y.applyUpdate(this.doc, committed.update, 'store');
				this.#committedUpdate(committed.update);
				this.#lastStoredId = committed.id;
				this.#appendedSinceCompaction++;
				this.#broadcast(syncMessage(committed.update));
				this.#options.onStored?.(this.meetingId);
				this.#resumed();
			}
			return result;
		} catch (error) {
			// Refused under an outdated epoch (the append, or the task's own check of the fence): the
			// transaction rolled back, and the room is dropped as when a plain change is refused.
			if (error instanceof Fenced) {
				this.#fenced([]);
				throw new RoomGone(this.meetingId);
			}
			// Paused while its append waited, and then failed: no flush retries it, so nothing else
			// might ever find that saving works again.
			failedPaused = this.savingPaused;
			throw error;
		} finally {
			draft.destroy();
			this.#flushing = null;
			release();
			if (this.#pending.length || this.#waiters.length) this.#kick();
			if (failedPaused) void this.#recoverAfterTransaction();
		}
	}

	/**
	 * Runs `task` after every task queued before it finished. New notes of a meeting are recorded
	 * one at a time this way: in PostgreSQL they queue on the meeting's row lock anyway (which keeps
	 * the limits right across processes), and waiting here instead keeps them from holding a
	 * database connection each while they wait, which starved every other query of the pool.
	 */
	exclusive<T>(task: () => Promise<T>): Promise<T> {
		const run = this.#exclusive.then(task, task);
		this.#exclusive = run.catch(() => undefined);
		return run;
	}

	/** Resolves when every change made so far is committed (retrying while the store fails). */
	flush(): Promise<void> {
		if (this.#pending.length === 0 && !this.#flushing) return Promise.resolve();
		if (this.#closed) return Promise.reject(new RoomGone(this.meetingId));
		const done = new Promise<void>((resolve, reject) => this.#waiters.push({ resolve, reject }));
		this.#kick();
		return done;
	}

	#kick(): void {
		if (this.#flushing) return;
		this.#flushing = this.#flushLoop().finally(() => {
			this.#flushing = null;
			// Changes that arrived while the loop was finishing get a loop of their own.
			if (this.#pending.length || this.#waiters.length) this.#kick();
		});
	}

	async #flushLoop(): Promise<void> {
		let delay = RETRY_MIN_MS;
		while (this.#pending.length) {
			// Changes coming faster than the tick wait for its end, to be committed and sent together.
			const wait = this.#lastCommitAt + (this.#options.coalesceMs ?? COALESCE_MS) - performance.now();
			if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
			if (this.#closed) return;
			const batch = this.#pending.splice(0);
			const waiters = this.#waiters.splice(0);
			// One commit, one merged update, one frame for every peer.
			const update = batch.length === 1 ? batch[0] : Y.mergeUpdates(batch);
			for (;;) {
				if (this.#closed) return;
				try {
					this.#lastStoredId = await this.#watchStall(this.#store.append(this.meetingId, update, undefined, this.#options.fence ?? null));
					this.#lastCommitAt = performance.now();
					break;
				} catch (error) {
					if (error instanceof Fenced) {
						this.#fenced(waiters);
						return;
					}
					this.#pause(`Saving board ${this.meetingId} failed; keeping it in memory and retrying`, error);
					await new Promise((r) => setTimeout(r, delay));
					delay = Math.min(delay * 2, RETRY_MAX_MS);
				}
			}
			this.#resumed();
			this.#committedUpdate(update);
			this.#broadcast(syncMessage(update));
			for (const w of waiters) w.resolve();
			this.#appendedSinceCompaction++;
			this.#options.onStored?.(this.meetingId);
		}
		// Waiters that arrived while nothing was pending (a flush() racing the loop's end).
		for (const w of this.#waiters.splice(0)) w.resolve();
		// Not awaited: changes keep being committed while the snapshot is written (the flush loop used
		// to wait for it, and every command of the meeting with it — seconds in a storm on a big board).
		if (this.#appendedSinceCompaction >= (this.#options.compactEvery ?? 200) && !this.#compacting) {
			this.#compacting = this.#compact().finally(() => (this.#compacting = null));
		}
	}

	/** Asks PostgreSQL, with backoff, until it answers (or a commit resumed saving): then resumes. */
	async #recoverAfterTransaction(): Promise<void> {
		const probe = this.#options.databaseReachable;
		let delay = RETRY_MIN_MS;
		while (this.savingPaused && !this.#closed) {
			if (this.#pending.length || this.#flushing) return; // the flush loop resumes it
			if (!probe || (await probe().catch(() => false))) return this.#resumed();
			await new Promise((r) => setTimeout(r, delay));
			delay = Math.min(delay * 2, RETRY_MAX_MS);
		}
	}

	/** A commit went through: saving works again if it was paused (the clients are told). */
	#resumed(): void {
		if (!this.savingPaused) return;
		this.savingPaused = false;
		this.#log.info(`Saving board ${this.meetingId} works again`);
		this.#options.onSavingPaused?.(this.meetingId, false);
	}

	/** Saving paused: the clients are told (once), changes stay in memory, new commands are refused. */
	#pause(why: string, error?: unknown): void {
		if (this.savingPaused || this.#closed) return;
		this.savingPaused = true;
		this.#log.error(why, error);
		this.#options.onSavingPaused?.(this.meetingId, true);
	}

	/**
	 * `commit`, watched: each time it has waited `stallMs` more, the room asks whether PostgreSQL
	 * answers, and pauses saving when it does not. The commit itself is neither abandoned nor
	 * repeated: it settles as it will, and resumes saving if it commits.
	 *
	 * One timer per room watches every commit in flight (the oldest is the one that waited longest),
	 * armed only while commits wait: a timer set and cleared for each commit cost about 1 % of a
	 * move's CPU at meeting pace (issue 15), while commits take milliseconds and the timer fires
	 * once in 750 ms at most.
	 */
	async #watchStall<T>(commit: Promise<T>): Promise<T> {
		if (!this.#options.databaseReachable || this.savingPaused) return commit;
		const key = this.#commitKeys++;
		this.#inFlight.set(key, performance.now());
		if (!this.#stallTimer && !this.#probing) this.#armStallCheck(performance.now() + (this.#options.stallMs ?? STALL_MS));
		try {
			return await commit;
		} finally {
			this.#inFlight.delete(key);
		}
	}

	#armStallCheck(at: number): void {
		this.#stallTimer = setTimeout(() => this.#checkStall(), Math.max(0, at - performance.now()));
	}

	/** The stall timer fired: asks PostgreSQL if the oldest commit in flight has waited `stallMs`. */
	#checkStall(): void {
		this.#stallTimer = null;
		const probe = this.#options.databaseReachable;
		const oldest = this.#inFlight.entries().next();
		if (this.#closed || !probe || oldest.done) return;
		const [key, startedAt] = oldest.value;
		const stallMs = this.#options.stallMs ?? STALL_MS;
		if (performance.now() - startedAt < stallMs) return this.#armStallCheck(startedAt + stallMs);
		this.#probing = true;
		void probe().then(
			(reachable) => {
				this.#probing = false;
				if (this.#closed) return;
				// That commit settled meanwhile: watch the ones still waiting (if any) from their start.
				if (!this.#inFlight.has(key)) {
					const next = this.#inFlight.values().next();
					if (!next.done) this.#armStallCheck(next.value + stallMs);
					return;
				}
				if (!reachable) this.#pause(`Saving board ${this.meetingId} waits for PostgreSQL, which does not answer; keeping changes in memory`);
				else this.#armStallCheck(performance.now() + stallMs);
			},
			() => (this.#probing = false)
		);
	}

	async #compact(): Promise<void> {
		// The committed state is exactly the log through `throughId`; both are taken now, together.
		// Appends made while the snapshot is written get later ids and stay in the log.
		const throughId = this.#lastStoredId;
		const covered = this.#appendedSinceCompaction;
		const state = Y.encodeStateAsUpdate(this.#committedDoc());
		try {
			await this.#store.compact(this.meetingId, state, throughId, this.#options.fence ?? null);
			this.#appendedSinceCompaction -= covered;
		} catch (error) {
			if (error instanceof Fenced) return this.#fenced([]);
			this.#log.error(`Compacting board ${this.meetingId} failed; will try again later`, error);
		}
	}

	/** Another instance owns the meeting now: nothing more is written or acknowledged here. */
	#fenced(waiters: { reject(error: Error): void }[]): void {
		this.#log.info(`Board ${this.meetingId} has a newer owner: dropping it here without acknowledging what was not stored`);
		this.abandon();
		for (const w of waiters) w.reject(new RoomGone(this.meetingId));
		this.#options.onFenced?.(this.meetingId);
	}

	/**
	 * Stops at once without saving: what is not committed is dropped and its changes are never
	 * acknowledged (their authors' outboxes send them again to the meeting's new owner).
	 */
	abandon(): void {
		if (this.#closed) return;
		this.#closed = true;
		this.#pending.length = 0;
		for (const w of this.#waiters.splice(0)) w.reject(new RoomGone(this.meetingId));
		this.#dispose();
	}

	/** Frees the documents and presence and stops the stall watch (the room is closed). */
	#dispose(): void {
		this.presence.destroy();
		this.awareness.destroy();
		this.doc.destroy();
		this.#committed.destroy();
		this.#unapplied = [];
		if (this.#stallTimer) clearTimeout(this.#stallTimer);
		this.#stallTimer = null;
	}

	/** The fencing epoch this room writes under (null: a single instance). */
	get fence(): Fence {
		return this.#options.fence ?? null;
	}

	get closed(): boolean {
		return this.#closed;
	}

	/** Sync step 1 and current presence for a peer that just connected. */
	greet(peer: BoardPeer): void {
		const encoder = encoding.createEncoder();
		encoding.writeVarUint(encoder, MESSAGE_SYNC);
		syncProtocol.writeSyncStep1(encoder, this.#committedDoc());
		peer.send(encoding.toUint8Array(encoder));
		const presence = this.presence.snapshot();
		if (presence) peer.send(presence);
	}

	/**
	 * The board as committed in PostgreSQL (the theme-input projection reads it instead of the
	 * stored board), with the id of the last board update it holds. Null once the room is closed,
	 * or while its committed document is not yet at this server's schema version (the upgrade made
	 * at load is still being committed).
	 */
	committedBoard(): { board: BoardSnapshot; throughId: number } | null {
		if (this.#closed) return null;
		const doc = this.#committedDoc();
		if (schemaVersion(doc) !== BOARD_SCHEMA_VERSION) return null;
		return { board: snapshot(doc), throughId: this.#lastStoredId };
	}

	/** Sync step 2 answering a peer's state vector: everything committed the peer is missing. */
	answerSyncStep1(peer: BoardPeer, stateVector: Uint8Array): void {
		// A client with nothing yet (a first visit, no stored replica) is sent the whole board: that
		// answer is encoded once per committed state and shared, not once per client — a room full of
		// people connecting at once otherwise encoded the whole board for each (issue 15's storm).
		if (isEmptyStateVector(stateVector)) {
			this.#wholeBoard ??= syncStep2(Y.encodeStateAsUpdate(this.#committedDoc()));
			return peer.send(this.#wholeBoard);
		}
		peer.send(syncStep2(Y.encodeStateAsUpdate(this.#committedDoc(), stateVector)));
	}

	/** `update` is committed in PostgreSQL: it becomes part of the committed state. */
	#committedUpdate(update: Uint8Array): void {
		this.#unapplied.push(update);
		this.#wholeBoard = null;
		if (this.#unapplied.length >= MAX_UNAPPLIED) this.#committedDoc();
	}

	/** The committed document, with every committed update applied (in one transaction). */
	#committedDoc(): Y.Doc {
		if (this.#unapplied.length) {
			const updates = this.#unapplied;
			this.#unapplied = [];
			Y.transact(this.#committed, () => {
				for (const update of updates) Y.applyUpdate(this.#committed, update, 'store');
			});
		}
		return this.#committed;
	}

	#broadcast(message: Uint8Array): void {
		// One Buffer for every peer: ws would otherwise wrap the Uint8Array in a Buffer for each send.
		const frame = Buffer.from(message.buffer, message.byteOffset, message.byteLength);
		for (const peer of this.peers) {
			if (peer.sendShared) peer.sendShared(frame);
			else peer.send(frame);
		}
	}

	/** Commits what is pending and stops timers; the room must not be used afterwards. */
	async close(): Promise<void> {
		if (this.#closed) return;
		await this.flush();
		await this.#compacting;
		if (this.#closed) return;
		this.#closed = true;
		this.#dispose();
	}
}

function syncMessage(update: Uint8Array): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MESSAGE_SYNC);
	syncProtocol.writeUpdate(encoder, update);
	return encoding.toUint8Array(encoder);
}

function syncStep2(update: Uint8Array): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MESSAGE_SYNC);
	encoding.writeVarUint(encoder, syncProtocol.messageYjsSyncStep2);
	encoding.writeVarUint8Array(encoder, update);
	return encoding.toUint8Array(encoder);
}

/** A state vector of no clients (what a Y.Doc that holds nothing sends). */
function isEmptyStateVector(stateVector: Uint8Array): boolean {
	return stateVector.byteLength === 1 && stateVector[0] === 0;
}
