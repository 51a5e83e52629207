import { describe, expect, it } from 'vitest';
import type { BoardSnapshot } from '../../board/board';
import type { Note } from '../../board/records';
import type { OutboxItem } from '../../client/outbox';
import { ownNotes, pendingNoteIds } from './own-notes';

const note = (over: Partial<Note>): Note => ({
	id: 'n-00000001',
	text: 'text',
	createdAt: 1,
	clusterId: null,
	order: 1,
	colour: 'yellow',
	...over
});

const me = (...noteIds: string[]) => ({ id: 'me', noteIds: new Set(noteIds) });

const item = (name: OutboxItem['name'], payload: Record<string, unknown>, queuedAt = 100): OutboxItem => ({
	key: `${name}-${String(payload.id)}-${queuedAt}`,
	name,
	payload,
	queuedAt
});

const board = (unclustered: Note[], inCluster: Note[] = []): BoardSnapshot => ({
	schemaVersion: 1,
	unclustered,
	clusters: [{ id: 'c-00000001', title: 'Group', order: 1, notes: inCluster }]
});

describe('ownNotes', () => {
	it('lists only my notes, from every cluster, newest first', () => {
		const mine = ownNotes(
			board([note({ id: 'n-mine0001', createdAt: 1 }), note({ id: 'n-other001' })], [note({ id: 'n-mine0002', createdAt: 2, clusterId: 'c-00000001' })]),
			me('n-mine0001', 'n-mine0002'),
			[]
		);
		expect(mine.map((n) => n.id)).toEqual(['n-mine0002', 'n-mine0001']);
		expect(mine.every((n) => n.saved && !n.pending)).toBe(true);
	});

	it('shows a note written offline as waiting, and once only when it reaches the board', () => {
		const add = item('note:add', { id: 'n-offline1', text: '  Offline idea ' });
		const before = ownNotes(board([]), me(), [add]);
		expect(before).toEqual([{ id: 'n-offline1', text: 'Offline idea', colour: 'yellow', pending: true, saved: false }]);

		const after = ownNotes(board([note({ id: 'n-offline1', text: 'Offline idea' })]), me(), [add]);
		expect(after).toHaveLength(1);
		expect(after[0]).toMatchObject({ saved: true, pending: true });
	});

	it('lists my private notes of a private brainstorm, and a revealed one once', () => {
		const secret = { id: 'n-private1', authorId: 'me', text: 'secret', colour: 'blue' as const, createdAt: 5 };
		const others = { ...secret, id: 'n-private2', authorId: 'someone' };
		expect(ownNotes(board([]), me(), [], [secret, others])).toEqual([
			{ id: 'n-private1', text: 'secret', colour: 'blue', pending: false, saved: true }
		]);
		expect(ownNotes(board([note({ id: 'n-private1', text: 'secret' })]), me('n-private1'), [], [secret])).toHaveLength(1);
	});

	it('shows the text of an edit that waits to be sent', () => {
		const mine = ownNotes(board([note({ id: 'n-mine0001', text: 'old' })]), me('n-mine0001'), [item('note:edit', { id: 'n-mine0001', text: 'new' })]);
		expect(mine[0]).toMatchObject({ text: 'new', pending: true });
	});
});

describe('pendingNoteIds', () => {
	it('collects the notes that waiting note commands touch, not clusters', () => {
		const ids = pendingNoteIds([
			item('note:move', { id: 'n-00000001', clusterId: null }),
			item('cluster:create', { id: 'c-00000001', title: 'x' })
		]);
		expect([...ids]).toEqual(['n-00000001']);
	});
});
