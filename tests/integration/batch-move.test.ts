import { describe, expect, it } from 'vitest';
import { arrangeConnectedMeeting, boardClient, command, noteId, until } from './board-fixtures';
import { getCluster, notesIn } from '../../src/lib/board/read';
import { pollUntil, useTestApp } from './harness';

// Issue 8: grouping 160 ideas must not take 160 commands. `notes:move` moves many notes in one
// committed change with one audit entry, under the same authority rules as `note:move`.

describe('moving several notes at once (notes:move)', () => {
	const app = useTestApp();

	it('a moderator moves 10 notes to a new group as one change and one audit entry', async () => {
		const { meeting, moderator, socket } = await arrangeConnectedMeeting(app, 'Anna', { phase: 'group' });
		const ids = Array.from({ length: 12 }, noteId);
		for (const id of ids) expect((await command(moderator, 'note:add', { id, text: `Idé ${id.slice(-4)}` })).ok).toBe(true);
		const client = boardClient(app.url, meeting.meetingId, meeting.moderatorToken);
		await client.synced;
		let updates = 0;
		client.doc.on('update', () => updates++);
		const chosen = ids.slice(0, 10).reverse();
		const ack = await command(moderator, 'notes:move', { ids: chosen, clusterId: 'c-skola-00001', newCluster: { id: 'c-skola-00001', title: 'Skola' } });
		expect(ack).toEqual({ ok: true, moved: 10 });
		await until(client.doc, (doc) => notesIn(doc, 'c-skola-00001').length === 10);
		expect(notesIn(client.doc, 'c-skola-00001').map((n) => n.id)).toEqual(chosen);
		expect(getCluster(client.doc, 'c-skola-00001')?.title).toBe('Skola');
		expect(updates).toBe(1);
		const entries = await app.sql<{ action: string; details: { count: number; noteIds: string[] } }[]>`
			select action, details from audit_log where meeting_id = ${meeting.meetingId}`;
		expect(entries).toEqual([{ action: 'notes_move', details: expect.objectContaining({ count: 10, noteIds: chosen }) }]);
		client.destroy();
		moderator.close();
		socket.close();
	});

	it('a participant may not batch-move while only moderators group, nor outside the group phase', async () => {
		const { meeting, moderator, socket } = await arrangeConnectedMeeting(app, 'Bo', { phase: 'group' });
		const id = noteId();
		expect((await command(moderator, 'note:add', { id, text: 'En idé' })).ok).toBe(true);
		expect(await command(socket, 'notes:move', { ids: [id], clusterId: 'c-mine-00001', newCluster: { id: 'c-mine-00001', title: 'Min' } })).toMatchObject({
			ok: false,
			code: 'FORBIDDEN'
		});
		// Written to PostgreSQL directly: the room hears of it through NOTIFY, a moment later.
		await app.sql`update meetings set who_may_group = 'everyone', phase = 'vote' where id = ${meeting.meetingId}`;
		const outsideGroup = await pollUntil(
			() => command(socket, 'notes:move', { ids: [id], clusterId: null }),
			(ack) => ack.ok || ack.code !== 'FORBIDDEN',
			'the room to notice the vote phase'
		);
		expect(outsideGroup).toMatchObject({ ok: false, code: 'PHASE_CLOSED' });
		await app.sql`update meetings set phase = 'group' where id = ${meeting.meetingId}`;
		const moved = await pollUntil(
			() => command(socket, 'notes:move', { ids: [id], clusterId: 'c-mine-00001', newCluster: { id: 'c-mine-00001', title: 'Min' } }),
			(ack) => ack.ok || ack.code !== 'PHASE_CLOSED',
			'the room to notice the group phase'
		);
		expect(moved).toEqual({ ok: true, moved: 1 });
		const [entry] = await app.sql<{ moderatorId: string | null; details: { participantId: string } }[]>`
			select moderator_id, details from audit_log where meeting_id = ${meeting.meetingId}`;
		expect(entry.moderatorId).toBeNull();
		expect(entry.details.participantId).toBeTruthy();
		moderator.close();
		socket.close();
	});

	it('a batch with an unknown note, duplicate ids, 201 ids or a mismatched new cluster changes nothing', async () => {
		const { meeting, moderator, socket } = await arrangeConnectedMeeting(app, 'Cid', { phase: 'group' });
		const id = noteId();
		expect((await command(moderator, 'note:add', { id, text: 'En idé' })).ok).toBe(true);
		const attempts: [unknown, string][] = [
			[{ ids: [id, noteId()], clusterId: null }, 'NOT_FOUND'],
			[{ ids: [id], clusterId: 'c-missing-001' }, 'NOT_FOUND'],
			[{ ids: [id, id], clusterId: null }, 'VALIDATION'],
			[{ ids: Array.from({ length: 201 }, noteId), clusterId: null }, 'VALIDATION'],
			[{ ids: [], clusterId: null }, 'VALIDATION'],
			[{ ids: [id], clusterId: 'c-other-0001', newCluster: { id: 'c-new-000001', title: 'Ny' } }, 'VALIDATION'],
			[{ ids: [id], clusterId: 'c-new-000001', newCluster: { id: 'c-new-000001', title: '' } }, 'VALIDATION'],
			['not an object', 'VALIDATION']
		];
		for (const [payload, code] of attempts) expect(await command(moderator, 'notes:move', payload)).toMatchObject({ ok: false, code });
		const client = boardClient(app.url, meeting.meetingId, meeting.moderatorToken);
		await client.synced;
		expect(notesIn(client.doc, null).map((n) => n.id)).toEqual([id]);
		expect(client.doc.getMap('clusters').size).toBe(0);
		expect(await app.sql`select 1 from audit_log where meeting_id = ${meeting.meetingId}`).toHaveLength(0);
		client.destroy();
		moderator.close();
		socket.close();
	});
});
