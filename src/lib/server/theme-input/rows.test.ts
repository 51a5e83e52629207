import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { addNote, createCluster, initBoard, moveNote, snapshot } from '../../board/board';
import { projectRows, type ProjectionInput } from './rows';

function board() {
	const doc = new Y.Doc();
	initBoard(doc);
	createCluster(doc, { id: 'cluster-a1', title: 'Bredband' });
	createCluster(doc, { id: 'cluster-b1', title: 'Busslinjer' });
	addNote(doc, { id: 'note-0001', text: 'Fiber till byarna', createdAt: 1_000 });
	addNote(doc, { id: 'note-0002', text: 'Tätare turer', createdAt: 2_000 });
	addNote(doc, { id: 'note-0003', text: 'Olämpligt', createdAt: 3_000 });
	addNote(doc, { id: 'note-0004', text: 'Moderatorns idé', createdAt: 4_000 });
	moveNote(doc, 'note-0001', 'cluster-a1');
	moveNote(doc, 'note-0002', 'cluster-b1');
	return snapshot(doc);
}

const input = (overrides: Partial<ProjectionInput> = {}): ProjectionInput => ({
	board: board(),
	showAuthorNames: true,
	participants: [
		{ id: 'p1', displayName: 'Anna', sectorCode: 'business', municipalityCode: '2480', attendance: 'on_site', removed: false },
		{ id: 'p2', displayName: 'Bo', sectorCode: null, municipalityCode: '2482', attendance: 'remote', removed: false },
		{ id: 'p3', displayName: 'Cid', sectorCode: 'business', municipalityCode: '2480', attendance: 'on_site', removed: true }
	],
	moderators: new Map([['m1', 'Maja']]),
	votes: [
		{ participantId: 'p1', itemKind: 'cluster', itemId: 'cluster-a1' },
		{ participantId: 'p1', itemKind: 'cluster', itemId: 'cluster-a1' },
		{ participantId: 'p2', itemKind: 'note', itemId: 'note-0001' },
		{ participantId: 'p3', itemKind: 'cluster', itemId: 'cluster-b1' },
		{ participantId: 'p2', itemKind: 'note', itemId: 'gone-note' }
	],
	priorities: [
		{ clusterId: 'cluster-b1', position: 1, rationale: 'Viktigast', isTop: true },
		{ clusterId: 'removed-cluster', position: 2, rationale: '', isTop: false },
		{ clusterId: 'cluster-a1', position: 3, rationale: '', isTop: false }
	],
	moderatedNoteIds: new Set(['note-0003', 'note-0005']),
	authors: new Map([
		['note-0001', 'p1'],
		['note-0002', 'p2'],
		['note-0003', 'p2'],
		['note-0004', 'm1'],
		['note-0005', 'p2']
	]),
	merged: [{ noteId: 'note-0005', text: 'Fiber till alla byar', createdAt: 5_000, mergedInto: 'note-0001' }],
	keyOf: (id) => `key-${id}`,
	...overrides
});

describe('projectRows', () => {
	it('turns the board into clusters in board order and ideas in place, leaving moderated notes out', () => {
		const rows = projectRows(input());
		expect(rows.clusters.map((c) => [c.clusterId, c.boardOrder, c.rankPosition, c.isTop])).toEqual([
			['cluster-a1', 1, 2, false],
			['cluster-b1', 2, 1, true]
		]);
		expect(rows.ideas.map((i) => [i.noteId, i.clusterId, i.position, i.authorKind, i.authorName])).toEqual([
			['note-0001', 'cluster-a1', 1, 'participant', 'Anna'],
			['note-0002', 'cluster-b1', 1, 'participant', 'Bo'],
			['note-0004', null, 1, 'moderator', 'Maja'],
			['note-0005', 'cluster-a1', 2, 'participant', 'Bo']
		]);
	});

	it('keeps a merged duplicate as an idea in its original’s group, with mergedInto, its author’s segment and no votes', () => {
		const merged = projectRows(input()).ideas.find((i) => i.noteId === 'note-0005')!;
		expect(merged).toMatchObject({ mergedInto: 'note-0001', clusterId: 'cluster-a1', votes: 0, authorMunicipalityCode: '2482', authorKey: 'key-p2' });
		expect(projectRows(input()).ideas.filter((i) => i.mergedInto === null).every((i) => i.noteId !== 'note-0005')).toBe(true);
	});

	it('gives ideas and ballots the author’s and voter’s pseudonymous key, and support = votes on the group + on its ideas', () => {
		const rows = projectRows(input());
		expect(rows.ideas.map((i) => i.authorKey)).toEqual(['key-p1', 'key-p2', 'key-m1', 'key-p2']);
		expect(rows.ballots).toEqual([
			{ itemKind: 'cluster', itemId: 'cluster-a1', clusterId: 'cluster-a1', voterKey: 'key-p1', votes: 2, voterSectorCode: 'business', voterMunicipalityCode: '2480', voterAttendance: 'on_site' },
			{ itemKind: 'note', itemId: 'note-0001', clusterId: 'cluster-a1', voterKey: 'key-p2', votes: 1, voterSectorCode: '', voterMunicipalityCode: '2482', voterAttendance: 'remote' }
		]);
		expect(rows.clusters.map((c) => c.support)).toEqual([3, 0]);
	});

	it('counts only present participants’ votes on items still on the board', () => {
		const rows = projectRows(input());
		expect(rows.clusters.map((c) => [c.votes, c.ideaVotes])).toEqual([
			[2, 1],
			[0, 0]
		]);
		expect(rows.votes).toEqual([
			{ itemKind: 'cluster', itemId: 'cluster-a1', votes: 2, voters: 1 },
			{ itemKind: 'note', itemId: 'note-0001', votes: 1, voters: 1 }
		]);
		expect(rows.segmentVotes).toEqual([
			{ clusterId: 'cluster-a1', segmentKind: 'municipality', segmentCode: '2480', votes: 2, ideaVotes: 0, voters: 1 },
			{ clusterId: 'cluster-a1', segmentKind: 'municipality', segmentCode: '2482', votes: 0, ideaVotes: 1, voters: 1 },
			{ clusterId: 'cluster-a1', segmentKind: 'sector', segmentCode: '', votes: 0, ideaVotes: 1, voters: 1 },
			{ clusterId: 'cluster-a1', segmentKind: 'sector', segmentCode: 'business', votes: 2, ideaVotes: 0, voters: 1 }
		]);
		expect(rows.participation).toEqual([
			{ sectorCode: '', municipalityCode: '2482', attendance: 'remote', participants: 1, voters: 1 },
			{ sectorCode: 'business', municipalityCode: '2480', attendance: 'on_site', participants: 1, voters: 1 }
		]);
	});

	it('names no author in an anonymous meeting, and gives the same rows for the same input', () => {
		expect(projectRows(input({ showAuthorNames: false })).ideas.every((i) => i.authorName === null)).toBe(true);
		expect(projectRows(input())).toEqual(projectRows(input()));
	});
});
