import { describe, expect, it } from 'vitest';
import type { BoardSnapshot } from '$lib/board/board';
import type { Note } from '$lib/board/records';
import { priorityItems, rankResults } from './results';

const note = (id: string, text: string, clusterId: string | null): Note => ({
	id,
	text,
	createdAt: 0,
	clusterId,
	order: 1,
	colour: 'yellow'
});

const board: BoardSnapshot = {
	schemaVersion: 1,
	clusters: [
		{ id: 'c-aaaaaaaa', title: 'Kollektivtrafik', order: 1, notes: [note('n-aaaaaaaa', 'Tätare bussar', 'c-aaaaaaaa')] },
		{ id: 'c-bbbbbbbb', title: 'Cykel', order: 2, notes: [] },
		{ id: 'c-cccccccc', title: 'Laddning', order: 3, notes: [] }
	],
	unclustered: [note('n-bbbbbbbb', 'Nattåg till Stockholm', null), note('n-cccccccc', 'Ingen röst', null)]
};

describe('the results on the projector', () => {
	it('rank every cluster by votes, ties in board order, with the notes voted on directly', () => {
		const results = rankResults(board, { clusters: { 'c-cccccccc': 7, 'c-aaaaaaaa': 3 }, notes: { 'n-bbbbbbbb': 3 }, voters: 4 });
		expect(results).toEqual([
			{ id: 'c-cccccccc', kind: 'cluster', label: 'Laddning', votes: 7 },
			{ id: 'c-aaaaaaaa', kind: 'cluster', label: 'Kollektivtrafik', votes: 3 },
			{ id: 'n-bbbbbbbb', kind: 'note', label: 'Nattåg till Stockholm', votes: 3 },
			{ id: 'c-bbbbbbbb', kind: 'cluster', label: 'Cykel', votes: 0 }
		]);
	});

	it('show the priority list in the moderator’s order with the clusters’ titles', () => {
		const list = priorityItems(board, [
			{ clusterId: 'c-aaaaaaaa', position: 2, rationale: '', isTop: false, votes: 3 },
			{ clusterId: 'c-cccccccc', position: 1, rationale: 'Flest röster', isTop: true, votes: 7 },
			{ clusterId: 'c-gone0000', position: 3, rationale: '', isTop: false, votes: 0 }
		]);
		expect(list.map((p) => [p.title, p.isTop])).toEqual([
			['Laddning', true],
			['Kollektivtrafik', false]
		]);
	});
});
