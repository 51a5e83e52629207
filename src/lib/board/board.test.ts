import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
	addNote,
	createCluster,
	editNote,
	initBoard,
	mergeClusters,
	moveNote,
	moveNotes,
	notesIn,
	notesOf,
	removeCluster,
	removeNote,
	renameCluster,
	reorderCluster,
	schemaVersion,
	snapshot
} from './board';
import { BOARD_SCHEMA_VERSION, LIMITS } from './records';

const at = 1_700_000_000_000;
function board() {
	const doc = new Y.Doc();
	initBoard(doc);
	return doc;
}
function note(doc: Y.Doc, id: string, text = `idea ${id}`) {
	const result = addNote(doc, { id, text, createdAt: at });
	if (!result.ok) throw new Error(result.code);
	return result.value;
}

describe('board', () => {
	it('a new board carries the schema version', () => {
		expect(schemaVersion(board())).toBe(BOARD_SCHEMA_VERSION);
		expect(schemaVersion(new Y.Doc())).toBe(0);
	});

	it('notes are added in order, trimmed, as plain text', () => {
		const doc = board();
		note(doc, 'note-0001', '  <b>Fler</b>\tlärlingsplatser  ');
		note(doc, 'note-0002');
		expect(notesIn(doc, null).map((n) => [n.id, n.text])).toEqual([
			['note-0001', '<b>Fler</b>\tlärlingsplatser'],
			['note-0002', 'idea note-0002']
		]);
	});

	it('an empty, overlong or control-character note is refused', () => {
		const doc = board();
		for (const text of ['   ', 'x'.repeat(LIMITS.noteText + 1), 'a\u0000b']) {
			expect(addNote(doc, { id: 'note-0001', text, createdAt: at })).toEqual({ ok: false, code: 'INVALID_INPUT' });
		}
		expect(snapshot(doc).unclustered).toEqual([]);
	});

	it('adding the same note id twice keeps one note (a retried command)', () => {
		const doc = board();
		note(doc, 'note-0001', 'first');
		expect(addNote(doc, { id: 'note-0001', text: 'again', createdAt: at }).ok).toBe(true);
		expect(snapshot(doc).unclustered.map((n) => n.text)).toEqual(['first']);
	});

	it('a note names no author: nothing in the document links two ideas to one person (issue 9, defect 8)', () => {
		const doc = board();
		note(doc, 'note-0001');
		expect(Object.keys(doc.getMap('notes').get('note-0001') as object)).not.toContain('authorId');
	});

	it('notes are edited and removed', () => {
		const doc = board();
		note(doc, 'note-0001');
		expect(editNote(doc, 'note-0001', 'Bättre kollektivtrafik').ok).toBe(true);
		expect(snapshot(doc).unclustered[0].text).toBe('Bättre kollektivtrafik');
		expect(removeNote(doc, 'note-0001').ok).toBe(true);
		expect(removeNote(doc, 'note-0001')).toEqual({ ok: false, code: 'NOTE_NOT_FOUND' });
	});

	it('notes move into clusters, before a given note or to the end', () => {
		const doc = board();
		['note-0001', 'note-0002', 'note-0003'].forEach((id) => note(doc, id));
		createCluster(doc, { id: 'cluster-01', title: 'Kompetens' });
		moveNote(doc, 'note-0001', 'cluster-01');
		moveNote(doc, 'note-0002', 'cluster-01');
		moveNote(doc, 'note-0003', 'cluster-01', 'note-0001');
		expect(notesIn(doc, 'cluster-01').map((n) => n.id)).toEqual(['note-0003', 'note-0001', 'note-0002']);
		expect(moveNote(doc, 'note-0001', 'missing-cluster')).toEqual({ ok: false, code: 'CLUSTER_NOT_FOUND' });
	});

	it('clusters are renamed, reordered, merged and removed without losing notes', () => {
		const doc = board();
		['note-0001', 'note-0002'].forEach((id) => note(doc, id));
		createCluster(doc, { id: 'cluster-01', title: 'A' });
		createCluster(doc, { id: 'cluster-02', title: 'B' });
		createCluster(doc, { id: 'cluster-03', title: 'C' });
		expect(renameCluster(doc, 'cluster-01', '  Kompetens   och  utbildning ').ok).toBe(true);
		reorderCluster(doc, 'cluster-03', 'cluster-01');
		expect(snapshot(doc).clusters.map((c) => c.title)).toEqual(['C', 'Kompetens och utbildning', 'B']);

		moveNote(doc, 'note-0001', 'cluster-01');
		moveNote(doc, 'note-0002', 'cluster-02');
		mergeClusters(doc, 'cluster-02', 'cluster-01');
		expect(notesIn(doc, 'cluster-01').map((n) => n.id)).toEqual(['note-0001', 'note-0002']);
		expect(snapshot(doc).clusters.map((c) => c.id)).toEqual(['cluster-03', 'cluster-01']);

		removeCluster(doc, 'cluster-01');
		expect(snapshot(doc).unclustered.map((n) => n.id)).toEqual(['note-0001', 'note-0002']);
	});

	it('a note and a cluster are each one plain value in their map, replaced as a whole on change', () => {
		const doc = board();
		note(doc, 'note-0001', 'Kultur');
		createCluster(doc, { id: 'cluster-01', title: 'Kultur' });
		moveNote(doc, 'note-0001', 'cluster-01');
		editNote(doc, 'note-0001', 'Kulturskola');
		renameCluster(doc, 'cluster-01', 'Kulturliv');
		expect(doc.getMap('notes').toJSON()).toEqual({
			'note-0001': { id: 'note-0001', text: 'Kulturskola', createdAt: at, clusterId: 'cluster-01', order: 1, colour: 'yellow' }
		});
		expect(doc.getMap('clusters').toJSON()).toEqual({ 'cluster-01': { id: 'cluster-01', title: 'Kulturliv', order: 1 } });
		expect(doc.getMap('notes').get('note-0001')).not.toBeInstanceOf(Y.Map);
	});

	it('every change carries the origin passed to it', () => {
		const doc = board();
		const origins: unknown[] = [];
		doc.on('afterTransaction', (tr) => origins.push(tr.origin));
		addNote(doc, { id: 'note-0001', text: 'x', createdAt: at }, 'participant:p1');
		expect(origins).toEqual(['participant:p1']);
	});

	it('two replicas converge on the same snapshot', () => {
		const a = board();
		const b = new Y.Doc();
		Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
		note(a, 'note-0001');
		createCluster(b, { id: 'cluster-01', title: 'Kultur' });
		Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
		Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
		expect(snapshot(a)).toEqual(snapshot(b));
	});
	it('several notes move in one transaction to a new cluster, in the order given, after its notes', () => {
		const doc = board();
		for (const id of ['note-0001', 'note-0002', 'note-0003']) note(doc, id);
		let transactions = 0;
		doc.on('afterTransaction', () => transactions++);
		const result = moveNotes(doc, ['note-0003', 'note-0001'], 'c-new-000001', { id: 'c-new-000001', title: 'Skola' });
		expect(result).toEqual({ ok: true, value: { moved: 2 } });
		expect(transactions).toBe(1);
		const after = snapshot(doc);
		expect(after.clusters.map((c) => [c.title, c.notes.map((n) => n.id)])).toEqual([['Skola', ['note-0003', 'note-0001']]]);
		expect(after.unclustered.map((n) => n.id)).toEqual(['note-0002']);
	});

	it('a batch move with one unknown note, an unknown cluster or a duplicate id changes nothing', () => {
		const doc = board();
		note(doc, 'note-0001');
		const before = Y.encodeStateAsUpdate(doc);
		expect(moveNotes(doc, ['note-0001', 'note-9999'], null)).toEqual({ ok: false, code: 'NOTE_NOT_FOUND' });
		expect(moveNotes(doc, ['note-0001'], 'c-missing-01')).toEqual({ ok: false, code: 'CLUSTER_NOT_FOUND' });
		expect(moveNotes(doc, ['note-0001', 'note-0001'], null)).toEqual({ ok: false, code: 'INVALID_INPUT' });
		expect(moveNotes(doc, ['note-0001'], 'c-new-000001', { id: 'c-new-000001', title: '   ' })).toEqual({ ok: false, code: 'INVALID_INPUT' });
		expect(Y.encodeStateAsUpdate(doc)).toEqual(before);
	});
});

describe('the cluster index behind moves', () => {
	const clusters = ['c-000001', 'c-000002', 'c-000003'];
	const noteIds = ['note-0001', 'note-0002', 'note-0003', 'note-0004', 'note-0005'];
	const where = fc.constantFrom<string | null>(null, ...clusters);
	const step = fc.oneof(
		fc.record({ op: fc.constant('add' as const), id: fc.constantFrom(...noteIds), to: where }),
		fc.record({ op: fc.constant('move' as const), id: fc.constantFrom(...noteIds), to: where }),
		fc.record({ op: fc.constant('moveMany' as const), ids: fc.uniqueArray(fc.constantFrom(...noteIds), { minLength: 1 }), to: where }),
		fc.record({ op: fc.constant('merge' as const), from: fc.constantFrom(...clusters), to: fc.constantFrom(...clusters) }),
		fc.record({ op: fc.constant('removeCluster' as const), id: fc.constantFrom(...clusters) }),
		fc.record({ op: fc.constant('createCluster' as const), id: fc.constantFrom(...clusters) }),
		fc.record({ op: fc.constant('removeNote' as const), id: fc.constantFrom(...noteIds) }),
		fc.record({ op: fc.constant('remote' as const), id: fc.constantFrom(...noteIds), to: where })
	);

	it('finds the same notes in every cluster as reading the whole board, after any sequence of changes', () => {
		fc.assert(
			fc.property(fc.array(step, { maxLength: 40 }), fc.boolean(), (steps, inOneTransaction) => {
				const doc = board();
				for (const id of clusters) createCluster(doc, { id, title: id });
				notesOf(doc, null); // the index exists from the start, and must follow every change
				const run = () => {
					for (const s of steps) {
						if (s.op === 'add') addNote(doc, { id: s.id, text: `idea ${s.id}`, createdAt: at, clusterId: s.to });
						else if (s.op === 'move') moveNote(doc, s.id, s.to);
						else if (s.op === 'moveMany') moveNotes(doc, s.ids, s.to);
						else if (s.op === 'merge') mergeClusters(doc, s.from, s.to);
						else if (s.op === 'removeCluster') removeCluster(doc, s.id);
						else if (s.op === 'createCluster') createCluster(doc, { id: s.id, title: s.id });
						else if (s.op === 'removeNote') removeNote(doc, s.id);
						else if (!inOneTransaction) {
							// A change applied from elsewhere (as the room applies a committed transaction's update).
							const other = new Y.Doc();
							Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
							moveNote(other, s.id, s.to);
							Y.applyUpdate(doc, Y.encodeStateAsUpdate(other, Y.encodeStateVector(doc)));
						}
						for (const c of [null, ...clusters]) if (JSON.stringify(notesOf(doc, c)) !== JSON.stringify(notesIn(doc, c))) throw new Error(`cluster ${c} differs`);
					}
				};
				if (inOneTransaction) doc.transact(run);
				else run();
				for (const c of [null, ...clusters]) expect(notesOf(doc, c)).toEqual(notesIn(doc, c));
			}),
			{ numRuns: 300 }
		);
	});
});
