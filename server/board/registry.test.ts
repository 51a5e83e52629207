import { describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { addNote, listNotes } from '../../src/lib/board/board';
import { createLogger } from '../../src/lib/server/log';
import { RoomRegistry } from './registry';
import type { Room } from './room';
import type { BoardStore } from './store';

/** A BoardStore in memory, counting loads; the PostgreSQL store is covered by the integration tests. */
function memoryStore(options: { failAppends?: number } = {}) {
	const log: { id: number; update: Uint8Array }[] = [];
	let snapshot: { state: Uint8Array; throughId: number } | null = null;
	let nextId = 1;
	let failures = options.failAppends ?? 0;
	const counts = { loads: 0, appends: 0, compactions: 0 };
	const store: BoardStore = {
		async load() {
			counts.loads++;
			// A load takes a turn of the event loop at least, as a query does: others may ask meanwhile.
			await new Promise((r) => setImmediate(r));
			const updates = log.filter((e) => e.id > (snapshot?.throughId ?? 0)).map((e) => e.update);
			if (snapshot) updates.unshift(snapshot.state);
			return { updates, lastId: log.at(-1)?.id ?? snapshot?.throughId ?? 0 };
		},
		async append(_meetingId, update) {
			if (failures > 0) {
				failures--;
				throw new Error('database unreachable');
			}
			counts.appends++;
			const id = nextId++;
			log.push({ id, update });
			return id;
		},
		recordAuthors: async () => {},
		async compact(_meetingId, state, throughId) {
			counts.compactions++;
			snapshot = { state, throughId };
			for (let i = log.length - 1; i >= 0; i--) if (log[i].id <= throughId) log.splice(i, 1);
		}
	};
	return { store, counts, log };
}

const log = createLogger('silent');
const origin = { kind: 'participant' as const, id: 'p1' };
const add = (doc: Y.Doc, i: number) => addNote(doc, { id: `note-${String(i).padStart(4, '0')}`, text: `Idé ${i}`, createdAt: 1 });

describe('room registry', () => {
	it('loads a board once however many clients connect at the same moment', async () => {
		const { store, counts } = memoryStore();
		const registry = new RoomRegistry({ store, log, unloadDelayMs: 10 });
		const rooms = await Promise.all(Array.from({ length: 25 }, () => registry.acquire('m1')));
		expect(new Set(rooms).size).toBe(1);
		expect(counts.loads).toBe(1);
		await registry.closeAll();
	});

	it('a room whose loading fails after it was made is stopped, and the next client loads the board afresh', async () => {
		const { store, counts } = memoryStore();
		const made: Room[] = [];
		const registry = new RoomRegistry({
			store,
			log,
			onLoaded(room) {
				made.push(room);
				if (made.length === 1) throw new Error('onLoaded failed');
			}
		});
		await expect(registry.acquire('m1')).rejects.toThrow('onLoaded failed');
		// Stopped: its presence and awareness timers no longer run.
		expect(made[0].closed).toBe(true);
		const room = await registry.acquire('m1');
		expect(room).toBe(made[1]);
		expect(room.closed).toBe(false);
		expect(counts.loads).toBe(2);
		await registry.closeAll();
	});

	it('unloads a board after the last client leaves and everything is saved, and loads it back intact', async () => {
		const { store, counts } = memoryStore();
		const registry = new RoomRegistry({ store, log, unloadDelayMs: 10 });
		const room = await registry.acquire('m1');
		await room.change(origin, (doc) => add(doc, 1));
		registry.release('m1');
		await vi.waitFor(() => expect(registry.size).toBe(0));
		const again = await registry.acquire('m1');
		expect(again).not.toBe(room);
		expect(listNotes(again.doc).map((n) => n.text)).toEqual(['Idé 1']);
		expect(counts.loads).toBe(2);
		await registry.closeAll();
	});

	it('compacts the update log into a snapshot without losing or duplicating notes', async () => {
		const { store, counts, log: entries } = memoryStore();
		const registry = new RoomRegistry({ store, log, compactEvery: 10, unloadDelayMs: 10 });
		const room = await registry.acquire('m1');
		for (let i = 0; i < 35; i++) await room.change(origin, (doc) => add(doc, i));
		expect(counts.compactions).toBeGreaterThan(0);
		expect(entries.length).toBeLessThan(35);
		await registry.closeAll();
		const reloaded = await new RoomRegistry({ store, log }).acquire('m1');
		expect(listNotes(reloaded.doc)).toHaveLength(35);
	});

	it('a failing store keeps changes in memory, reports the pause, and acknowledges once saved', async () => {
		const { store, counts } = memoryStore({ failAppends: 3 });
		const pauses: boolean[] = [];
		const registry = new RoomRegistry({ store, log, onSavingPaused: (_m, paused) => pauses.push(paused) });
		const room = await registry.acquire('m1');
		await room.change(origin, (doc) => add(doc, 1));
		expect(pauses).toEqual([true, false]);
		expect(counts.appends).toBeGreaterThan(0);
		await registry.closeAll();
	});
});
