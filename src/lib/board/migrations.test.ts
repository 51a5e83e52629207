import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { schemaVersion, snapshot } from './read';
import { legacyNoteAuthors, upgradeBoard } from './migrations';
import { BOARD_SCHEMA_VERSION } from './records';

/** A board as schema version 1 wrote it: every note and cluster a nested Y.Map of its fields. */
function versionOneBoard(notes: number): Y.Doc {
	const doc = new Y.Doc();
	doc.transact(() => {
		doc.getMap('meta').set('schemaVersion', 1);
		const entry = (values: Record<string, unknown>) => {
			const map = new Y.Map<unknown>();
			for (const [k, v] of Object.entries(values)) map.set(k, v);
			return map;
		};
		doc.getMap('clusters').set('cluster-01', entry({ id: 'cluster-01', title: 'Kompetens', order: 1 }));
		for (let i = 0; i < notes; i++) {
			const id = `note-${String(i).padStart(4, '0')}`;
			doc.getMap('notes').set(
				id,
				entry({ id, text: `Idé ${i}`, authorId: 'p1', createdAt: 1_700_000_000_000 + i, clusterId: i % 2 ? 'cluster-01' : null, order: i + 1, colour: 'green' })
			);
		}
	});
	return doc;
}

describe('board migrations', () => {
	it('an empty document is upgraded to the current schema version', () => {
		const doc = new Y.Doc();
		expect(upgradeBoard(doc)).toEqual({ from: 0, to: BOARD_SCHEMA_VERSION });
		expect(schemaVersion(doc)).toBe(BOARD_SCHEMA_VERSION);
	});

	it('a current document is left unchanged', () => {
		const doc = new Y.Doc();
		upgradeBoard(doc);
		const before = Y.encodeStateAsUpdate(doc);
		expect(upgradeBoard(doc)).toEqual({ from: BOARD_SCHEMA_VERSION, to: BOARD_SCHEMA_VERSION });
		expect(Y.encodeStateAsUpdate(doc)).toEqual(before);
	});

	it('a document from a newer Samla is refused, not damaged', () => {
		const doc = new Y.Doc();
		doc.getMap('meta').set('schemaVersion', BOARD_SCHEMA_VERSION + 1);
		expect(() => upgradeBoard(doc)).toThrow(/newer/);
	});

	it('version 1 → 3 turns every nested note and cluster map into one plain value without its author, losing nothing else', () => {
		const doc = versionOneBoard(4);
		expect(snapshot(doc).unclustered).toEqual([]); // current readers do not read version 1 entries

		expect(upgradeBoard(doc)).toEqual({ from: 1, to: 3 });
		expect(schemaVersion(doc)).toBe(3);
		expect(doc.getMap('notes').get('note-0001')).toEqual({
			id: 'note-0001',
			text: 'Idé 1',
			createdAt: 1_700_000_000_001,
			clusterId: 'cluster-01',
			order: 2,
			colour: 'green'
		});
		const board = snapshot(doc);
		expect(board.clusters.map((c) => [c.id, c.title, c.notes.map((n) => n.id)])).toEqual([['cluster-01', 'Kompetens', ['note-0001', 'note-0003']]]);
		expect(board.unclustered.map((n) => n.id)).toEqual(['note-0000', 'note-0002']);
	});

	it('version 2 → 3 takes the author off every note, after legacyNoteAuthors has read them (issue 9, defect 8)', () => {
		const doc = new Y.Doc();
		doc.transact(() => {
			doc.getMap('meta').set('schemaVersion', 2);
			doc.getMap('notes').set('note-0001', { id: 'note-0001', text: 'Idé', authorId: 'p1', createdAt: 5, clusterId: null, order: 1, colour: 'green' });
		});
		expect(legacyNoteAuthors(doc)).toEqual([{ noteId: 'note-0001', authorId: 'p1', createdAt: 5 }]);
		expect(upgradeBoard(doc)).toEqual({ from: 2, to: 3 });
		expect(JSON.stringify(doc.getMap('notes').toJSON())).not.toContain('p1');
		expect(snapshot(doc).unclustered).toEqual([{ id: 'note-0001', text: 'Idé', createdAt: 5, clusterId: null, order: 1, colour: 'green' }]);
		expect(legacyNoteAuthors(doc)).toEqual([]);
	});

	it('the upgrade reaches a replica that still holds version 1 as an ordinary update', () => {
		const server = versionOneBoard(3);
		const replica = new Y.Doc();
		Y.applyUpdate(replica, Y.encodeStateAsUpdate(server));
		const updates: Uint8Array[] = [];
		server.on('update', (u: Uint8Array) => updates.push(u));
		upgradeBoard(server, 'upgrade');
		for (const u of updates) Y.applyUpdate(replica, u);
		expect(snapshot(replica)).toEqual(snapshot(server));
		expect(snapshot(replica).unclustered).toHaveLength(2);
	});

	it('a board in the current version takes fewer bytes than the same board in version 1', () => {
		const v1 = versionOneBoard(1000);
		const v2 = versionOneBoard(0);
		upgradeBoard(v2);
		const upgraded = versionOneBoard(1000);
		upgradeBoard(upgraded);
		// The same notes written in the current version from the start: one plain value each.
		v2.transact(() => upgraded.getMap('notes').forEach((value, key) => v2.getMap('notes').set(key, value)));
		expect(snapshot(v2)).toEqual(snapshot(upgraded));
		expect(Y.encodeStateAsUpdate(v2).byteLength).toBeLessThan(Y.encodeStateAsUpdate(v1).byteLength);
	});
});
