import { describe, expect, it } from 'vitest';
import { rowChanges, sameRows } from './row-changes';
import type { IdeaRow, ThemeInputRows } from './rows';

const idea = (noteId: string, fields: Partial<IdeaRow> = {}): IdeaRow => ({
	noteId,
	text: `Idé ${noteId}`,
	clusterId: 'cluster-a',
	position: 1,
	createdAt: '2026-11-30T08:00:00.000Z',
	votes: 0,
	authorKind: 'participant',
	authorSectorCode: 'business',
	authorMunicipalityCode: '2480',
	authorAttendance: 'on_site',
	authorName: null,
	authorKey: 'k1',
	mergedInto: null,
	...fields
});

const rows = (overrides: Partial<ThemeInputRows> = {}): ThemeInputRows => ({
	clusters: [],
	ideas: [],
	votes: [],
	segmentVotes: [],
	participation: [],
	ballots: [],
	...overrides
});

describe('rowChanges', () => {
	it('names only the rows that are new, changed or gone, by their key', () => {
		const before = rows({ ideas: [idea('n1'), idea('n2'), idea('n3')] });
		const after = rows({ ideas: [idea('n1'), idea('n3', { text: 'Ny text' }), idea('n4')] });
		const changes = rowChanges(before, after);
		expect(changes.ideas.gone.map((r) => r.noteId)).toEqual(['n2']);
		expect(changes.ideas.put.map((r) => r.noteId)).toEqual(['n3', 'n4']);
		expect(changes.ideas.placed).toEqual([]);
		expect(changes.clusters).toEqual({ gone: [], put: [], placed: [] });
		expect(changes.ballots).toBe(false);
	});

	it('names the stored ideas that only moved (another group, another place) apart from those changed otherwise', () => {
		const before = rows({ ideas: [idea('n1'), idea('n2', { position: 2 }), idea('n3'), idea('n4')] });
		const after = rows({ ideas: [idea('n1', { clusterId: null }), idea('n2', { position: 1 }), idea('n3', { clusterId: 'cluster-b', votes: 2 }), idea('n4')] });
		const changes = rowChanges(before, after);
		expect(changes.ideas.placed.map((r) => r.noteId)).toEqual(['n1', 'n2']);
		expect(changes.ideas.put.map((r) => r.noteId)).toEqual(['n3']);
		expect(changes.ideas.gone).toEqual([]);
	});

	it('tells rows with composite keys apart by every part of the key', () => {
		const vote = { itemKind: 'note' as const, itemId: 'n1', votes: 1, voters: 1 };
		const changes = rowChanges(rows({ votes: [vote] }), rows({ votes: [{ ...vote, itemKind: 'cluster' }] }));
		expect(changes.votes.gone).toEqual([vote]);
		expect(changes.votes.put).toEqual([{ ...vote, itemKind: 'cluster' }]);
		expect(changes.votes.placed).toEqual([]);
	});

	it('rewrites the ballots, which have no key, when any of them changed', () => {
		const ballot = { itemKind: 'note' as const, itemId: 'n1', clusterId: null, voterKey: 'k', votes: 1, voterSectorCode: '', voterMunicipalityCode: '', voterAttendance: 'remote' as const };
		expect(rowChanges(rows({ ballots: [ballot] }), rows({ ballots: [{ ...ballot }] })).ballots).toBe(false);
		expect(rowChanges(rows({ ballots: [ballot] }), rows({ ballots: [{ ...ballot, votes: 2 }] })).ballots).toBe(true);
		expect(rowChanges(rows({ ballots: [ballot] }), rows()).ballots).toBe(true);
	});
});

describe('sameRows', () => {
	it('holds only for rows that JSON.stringify writes the same way, column order included', () => {
		const before = rows({ ideas: [idea('n1'), idea('n2')] });
		const same = (after: ThemeInputRows) => {
			const result = sameRows(before, after);
			// What the content hash depends on: equal text exactly when sameRows says so.
			expect(JSON.stringify(after) === JSON.stringify(before)).toBe(result);
			return result;
		};
		expect(same(rows({ ideas: [idea('n1'), idea('n2')] }))).toBe(true);
		expect(same(rows({ ideas: [idea('n2'), idea('n1')] }))).toBe(false);
		expect(same(rows({ ideas: [idea('n1'), idea('n2', { authorKey: null })] }))).toBe(false);
		expect(same(rows({ ideas: [idea('n1')] }))).toBe(false);
		const { noteId, ...rest } = idea('n2');
		expect(same(rows({ ideas: [idea('n1'), { ...rest, noteId } as IdeaRow] }))).toBe(false);
		const { clusters, ...tables } = rows({ ideas: [idea('n1'), idea('n2')] });
		expect(same({ ...tables, clusters })).toBe(false);
	});
});
