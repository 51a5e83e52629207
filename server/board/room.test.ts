import { describe, expect, it } from 'vitest';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { addNote, listNotes } from '../../src/lib/board/board';
import { BOARD_SCHEMA_VERSION } from '../../src/lib/board/records';
import { createLogger } from '../../src/lib/server/log';
import { MESSAGE_SYNC } from '../../src/lib/protocol/board-messages';
import { Room } from './room';
import type { BoardStore } from './store';

/** A store whose appends wait until the test lets them through, as PostgreSQL does during an outage. */
function gatedStore() {
	const appended: Uint8Array[] = [];
	let open!: () => void;
	let gate = new Promise<void>((resolve) => (open = resolve));
	const store: BoardStore = {
		load: async () => ({ updates: [], lastId: 0 }),
		async append(_meetingId, update) {
			await gate;
			appended.push(update);
			return appended.length;
		},
		compact: async () => {},
		recordAuthors: async () => {}
	};
	return {
		store,
		appended,
		release() {
			open();
			gate = Promise.resolve();
		},
		/** Makes later appends wait again until `release`. */
		hold() {
			gate = new Promise<void>((resolve) => (open = resolve));
		}
	};
}

/** A peer that applies what the room sends it, like a y-websocket client. */
function recordingPeer() {
	const doc = new Y.Doc();
	const frames: Uint8Array[] = [];
	return {
		doc,
		frames,
		send(message: Uint8Array) {
			frames.push(message);
			const decoder = decoding.createDecoder(message);
			if (decoding.readVarUint(decoder) !== MESSAGE_SYNC) return;
			syncProtocol.readSyncMessage(decoder, encoding.createEncoder(), doc, 'server');
		}
	};
}

const log = createLogger('silent');
const origin = { kind: 'participant' as const, id: 'p1' };
const idea = (doc: Y.Doc, id = 'note-0001') => addNote(doc, { id, text: 'Fler mötesplatser', createdAt: 1 });
const settled = <T>(promise: Promise<T>) => Promise.race([promise.then(() => 'settled'), new Promise((r) => setImmediate(() => r('waiting')))]);

/** A room that calls a commit stalled after 5 ms, with what it said about saving being paused, and promises of its first pause and resume. */
function stallWatchedRoom(store: BoardStore, databaseReachable: () => Promise<boolean>) {
	const told: boolean[] = [];
	let paused!: () => void;
	const pausedNow = new Promise<void>((resolve) => (paused = resolve));
	let resumed!: () => void;
	const resumedNow = new Promise<void>((resolve) => (resumed = resolve));
	const room = new Room(
		{
			meetingId: 'm1',
			store,
			log,
			stallMs: 5,
			databaseReachable,
			onSavingPaused: (_id, value) => {
				told.push(value);
				(value ? paused : resumed)();
			}
		},
		{ updates: [], lastId: 0 }
	);
	return { room, told, pausedNow, resumedNow };
}

/** Lets the held append through: the stalled change lands once and the room says saving resumed. */
async function expectResumedOnCommit(
	held: ReturnType<typeof gatedStore>,
	watched: ReturnType<typeof stallWatchedRoom>,
	stalled: Promise<unknown>
) {
	held.release();
	await stalled;
	expect(held.appended).toHaveLength(1);
	expect(watched.told).toEqual([true, false]);
	expect(watched.room.savingPaused).toBe(false);
}

/** A phase change on the room: one idea, saved with the board's append. */
const phaseChange = (room: Room) =>
	room.transaction(async (draft) => {
		draft.change((doc) => idea(doc));
		await draft.save(undefined as never);
	});

describe('room', () => {
	it('sends a change to its peers only after it is committed (issue 9, defect 19)', async () => {
		const { store, release } = gatedStore();
		const room = new Room({ meetingId: 'm1', store, log }, { updates: [], lastId: 0 });
		const peer = recordingPeer();
		room.peers.add(peer);
		const change = room.change(origin, (doc) => idea(doc));
		expect(await settled(change)).toBe('waiting');
		expect(peer.frames).toEqual([]);
		release();
		await change;
		expect(listNotes(peer.doc).map((n) => n.id)).toEqual(['note-0001']);
	});

	it('answers a sync request with what is committed, not with a change still waiting for PostgreSQL (issue 9, defect 19)', async () => {
		const { store, release } = gatedStore();
		const room = new Room({ meetingId: 'm1', store, log }, { updates: [], lastId: 0 });
		const change = room.change(origin, (doc) => idea(doc));
		const peer = recordingPeer();
		room.answerSyncStep1(peer, Y.encodeStateVector(peer.doc));
		expect(listNotes(peer.doc)).toEqual([]);
		release();
		await change;
		room.answerSyncStep1(peer, Y.encodeStateVector(peer.doc));
		expect(listNotes(peer.doc).map((n) => n.id)).toEqual(['note-0001']);
	});

	it('a retried command that changes nothing is acknowledged only with the commit of its first copy (issue 9, defect 18)', async () => {
		const { store, release, appended } = gatedStore();
		const room = new Room({ meetingId: 'm1', store, log }, { updates: [], lastId: 0 });
		const first = room.change(origin, (doc) => idea(doc));
		const retry = room.change(origin, (doc) => idea(doc));
		expect(await settled(retry)).toBe('waiting');
		expect(appended).toHaveLength(0);
		release();
		expect((await retry).ok).toBe(true);
		await first;
		expect(appended.length).toBeGreaterThan(0);
	});

	it('coalesces the changes of one commit into one frame per peer', async () => {
		const { store, release } = gatedStore();
		const room = new Room({ meetingId: 'm1', store, log }, { updates: [], lastId: 0 });
		const upgrade = room.flush();
		release();
		await upgrade;
		const peer = recordingPeer();
		room.answerSyncStep1(peer, Y.encodeStateVector(peer.doc));
		room.peers.add(peer);
		const changes = Array.from({ length: 5 }, (_, i) => room.change(origin, (doc) => idea(doc, `note-000${i}`)));
		await Promise.all(changes);
		// The first change commits alone; the four made while it was being appended commit together.
		expect(peer.frames.length).toBeLessThanOrEqual(3);
		expect(listNotes(peer.doc)).toHaveLength(5);
	});

	it('answers every client that holds nothing with one encoding of the board, made again after each commit (issue 15)', async () => {
		const { store, release } = gatedStore();
		release();
		const room = new Room({ meetingId: 'm1', store, log }, { updates: [], lastId: 0 });
		await room.change(origin, (doc) => idea(doc, 'note-0001'));
		const [a, b] = [recordingPeer(), recordingPeer()];
		room.answerSyncStep1(a, Y.encodeStateVector(a.doc));
		room.answerSyncStep1(b, Y.encodeStateVector(b.doc));
		expect(b.frames[0]).toBe(a.frames[0]);
		await room.change(origin, (doc) => idea(doc, 'note-0002'));
		const between = recordingPeer();
		room.answerSyncStep1(between, Y.encodeStateVector(between.doc));
		expect(listNotes(between.doc)).toHaveLength(2);
		await room.transaction(async (draft) => {
			draft.change((doc) => idea(doc, 'note-0003'));
			await draft.save(undefined as never);
		});
		const c = recordingPeer();
		room.answerSyncStep1(c, Y.encodeStateVector(c.doc));
		expect(c.frames[0]).not.toBe(a.frames[0]);
		expect(listNotes(c.doc).map((n) => n.id)).toEqual(['note-0001', 'note-0002', 'note-0003']);
	});

	it('keeps committing and acknowledging changes while a snapshot is being written (issue 15)', async () => {
		const appended: { id: number; update: Uint8Array }[] = [];
		let compactions = 0;
		let finishSnapshot!: () => void;
		const snapshotWritten = new Promise<void>((resolve) => (finishSnapshot = resolve));
		let snapshot: { state: Uint8Array; throughId: number } | null = null;
		const store: BoardStore = {
			load: async () => ({ updates: [], lastId: 0 }),
			async append(_meetingId, update) {
				appended.push({ id: appended.length + 1, update });
				return appended.length;
			},
			async compact(_meetingId, state, throughId) {
				compactions++;
				await snapshotWritten;
				snapshot = { state, throughId };
			},
			recordAuthors: async () => {}
		};
		const room = new Room({ meetingId: 'm1', store, log, compactEvery: 2 }, { updates: [], lastId: 0 });
		await room.change(origin, (doc) => idea(doc, 'note-0001'));
		await room.change(origin, (doc) => idea(doc, 'note-0002'));
		expect(compactions).toBe(1);
		// The snapshot is still being written: later changes are committed and acknowledged meanwhile.
		await room.change(origin, (doc) => idea(doc, 'note-0003'));
		await room.change(origin, (doc) => idea(doc, 'note-0004'));
		expect(appended).toHaveLength(4);
		finishSnapshot();
		await room.close();
		// The snapshot and the updates after it hold every note once.
		const reloaded = new Y.Doc();
		const taken = snapshot as { state: Uint8Array; throughId: number } | null;
		expect(taken?.throughId).toBe(2);
		Y.applyUpdate(reloaded, taken!.state);
		for (const entry of appended.filter((e) => e.id > taken!.throughId)) Y.applyUpdate(reloaded, entry.update);
		expect(listNotes(reloaded).map((n) => n.id)).toEqual(['note-0001', 'note-0002', 'note-0003', 'note-0004']);
	});

	it('commits changes that come faster than its tick together, as one append and one frame (issue 15)', async () => {
		const { store, release, appended } = gatedStore();
		release();
		const room = new Room({ meetingId: 'm1', store, log, coalesceMs: 50 }, { updates: [], lastId: 0 });
		const peer = recordingPeer();
		room.peers.add(peer);
		await room.change(origin, (doc) => idea(doc, 'note-0001'));
		expect(appended).toHaveLength(1);
		// Within the tick of that commit: the five wait for its end and go together.
		await Promise.all(Array.from({ length: 5 }, (_, i) => room.change(origin, (doc) => idea(doc, `note-001${i}`))));
		expect(appended).toHaveLength(2);
		expect(peer.frames).toHaveLength(2);
		expect(listNotes(peer.doc)).toHaveLength(6);
	});

	it('answers after hundreds of commits with exactly the committed board: every commit, and not the change still waiting for PostgreSQL (issue 15)', async () => {
		const { store, appended, release, hold } = gatedStore();
		release();
		const room = new Room({ meetingId: 'm1', store, log, coalesceMs: 0, compactEvery: 10_000 }, { updates: [], lastId: 0 });
		const peer = recordingPeer();
		room.answerSyncStep1(peer, Y.encodeStateVector(peer.doc));
		const id = (i: number) => `note-${String(i).padStart(4, '0')}`;
		for (let i = 0; i < 300; i++) await room.change(origin, (doc) => idea(doc, id(i)));
		hold();
		const waiting = room.change(origin, (doc) => idea(doc, 'note-waiting'));
		expect(await settled(waiting)).toBe('waiting');

		const stored = new Y.Doc();
		for (const update of appended) Y.applyUpdate(stored, update);
		const ids = (doc: Y.Doc) => listNotes(doc).map((n) => n.id).sort();
		expect(ids(stored)).toHaveLength(300);
		// A client with part of the board (the peer holds nothing yet), one with nothing, and the greeting's state vector.
		room.answerSyncStep1(peer, Y.encodeStateVector(peer.doc));
		expect(ids(peer.doc)).toEqual(ids(stored));
		const empty = recordingPeer();
		room.answerSyncStep1(empty, Y.encodeStateVector(empty.doc));
		expect(ids(empty.doc)).toEqual(ids(stored));
		const greeted = recordingPeer();
		room.greet(greeted);
		const decoder = decoding.createDecoder(greeted.frames[0]);
		decoding.readVarUint(decoder);
		expect(decoding.readVarUint(decoder)).toBe(syncProtocol.messageYjsSyncStep1);
		expect(decoding.readVarUint8Array(decoder)).toEqual(Y.encodeStateVector(stored));

		release();
		await waiting;
		room.answerSyncStep1(peer, Y.encodeStateVector(peer.doc));
		expect(ids(peer.doc)).toContain('note-waiting');
		expect(ids(peer.doc)).toHaveLength(301);
	});

	it('pauses saving as soon as a commit has waited and PostgreSQL does not answer, keeps the change, and resumes when it commits (issue 10)', async () => {
		const held = gatedStore();
		const watched = stallWatchedRoom(held.store, async () => false);
		const change = watched.room.change(origin, (doc) => idea(doc));
		await watched.pausedNow;
		expect(watched.room.savingPaused).toBe(true);
		expect(await settled(change)).toBe('waiting');
		// The commit that stalled is the one that lands: nothing is sent twice.
		await expectResumedOnCommit(held, watched, change);
	});

	it('after quick commits, still pauses saving when a later commit waits and PostgreSQL does not answer', async () => {
		const held = gatedStore();
		held.release();
		const watched = stallWatchedRoom(held.store, async () => false);
		for (let i = 0; i < 3; i++) await watched.room.change(origin, (doc) => idea(doc, `note-quick-${i}`));
		// The stall watch is armed by the first of these and outlives them: it must watch the next one.
		held.hold();
		await new Promise((resolve) => setTimeout(resolve, 2));
		const change = watched.room.change(origin, (doc) => idea(doc, 'note-stalled'));
		await watched.pausedNow;
		expect(watched.room.savingPaused).toBe(true);
		expect(await settled(change)).toBe('waiting');
		held.release();
		await change;
		expect(held.appended).toHaveLength(4);
		expect(watched.told).toEqual([true, false]);
	});

	it('pauses saving when a phase change’s append waits and PostgreSQL does not answer, and resumes when it commits (issue 10)', async () => {
		const held = gatedStore();
		const watched = stallWatchedRoom(held.store, async () => false);
		const change = phaseChange(watched.room);
		await watched.pausedNow;
		expect(watched.room.savingPaused).toBe(true);
		await expectResumedOnCommit(held, watched, change);
	});

	it('resumes saving once PostgreSQL answers again after a phase change that paused it failed', async () => {
		let reachable = false;
		let fail!: (error: Error) => void;
		const store: BoardStore = {
			load: async () => ({ updates: [], lastId: 0 }),
			append: () => new Promise<number>((_resolve, reject) => (fail = reject)),
			compact: async () => {},
			recordAuthors: async () => {}
		};
		const { room, told, pausedNow, resumedNow } = stallWatchedRoom(store, async () => reachable);
		const change = phaseChange(room);
		await pausedNow;
		fail(new Error('connection reset'));
		await expect(change).rejects.toThrow('connection reset');
		reachable = true;
		await resumedNow;
		expect(told).toEqual([true, false]);
		expect(room.savingPaused).toBe(false);
	});

	it('does not pause saving for a slow commit while PostgreSQL answers (a busy database is not an outage)', async () => {
		const { store, release } = gatedStore();
		let probes = 0;
		let probedTwice!: () => void;
		const twice = new Promise<void>((resolve) => (probedTwice = resolve));
		const { room, told } = stallWatchedRoom(store, async () => {
			if (++probes === 2) probedTwice();
			return true;
		});
		const change = room.change(origin, (doc) => idea(doc));
		await twice;
		expect(room.savingPaused).toBe(false);
		release();
		await change;
		expect(told).toEqual([]);
	});

	it('gives the theme-input projection the committed board only, with the id of its last stored update', async () => {
		const { store, release, hold } = gatedStore();
		const room = new Room({ meetingId: 'm1', store, log }, { updates: [], lastId: 0 });
		await room.upgrade(async () => {});
		// The upgrade made at load is not committed yet: the stored board is not at this version.
		expect(room.committedBoard()).toBeNull();
		release();
		await room.flush();
		expect(room.committedBoard()).toEqual({ board: { schemaVersion: BOARD_SCHEMA_VERSION, clusters: [], unclustered: [] }, throughId: 1 });
		hold();
		const change = room.change(origin, (doc) => idea(doc));
		expect(room.committedBoard()?.board.unclustered).toEqual([]);
		release();
		await change;
		expect(room.committedBoard()).toMatchObject({ throughId: 2, board: { unclustered: [expect.objectContaining({ id: 'note-0001' })] } });
		await room.close();
		expect(room.committedBoard()).toBeNull();
	});

	it('each load of a room is a new epoch', () => {
		const { store } = gatedStore();
		const a = new Room({ meetingId: 'm1', store, log }, { updates: [], lastId: 0 });
		const b = new Room({ meetingId: 'm1', store, log }, { updates: [], lastId: 0 });
		expect(a.epoch).not.toBe(b.epoch);
	});
});
