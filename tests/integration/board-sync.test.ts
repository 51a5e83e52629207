import { beforeAll, describe, expect, it } from 'vitest';
import { listNotes, snapshot } from '../../src/lib/board/board';
import { useTestApp } from './harness';
import { arrangeMeeting, arrangeParticipant, boardClient, command, meetingSocket, noteId, until } from './board-fixtures';

describe('live board sync (stock y-websocket client + socket.io commands)', () => {
	const app = useTestApp();
	let meeting: Awaited<ReturnType<typeof arrangeMeeting>>;
	beforeAll(async () => {
		meeting = await arrangeMeeting(app.sql);
	});

	it('a note posted by one participant reaches another participant’s board', async () => {
		const anna = await arrangeParticipant(app.sql, meeting.meetingId, 'Anna');
		const bo = await arrangeParticipant(app.sql, meeting.meetingId, 'Bo');
		const annaSocket = await meetingSocket(app.url, meeting.meetingId, anna.token);
		const boBoard = boardClient(app.url, meeting.meetingId, bo.token);
		await boBoard.synced;

		const id = noteId();
		expect(await command(annaSocket, 'note:add', { id, text: 'Fler mötesplatser för unga' })).toEqual({ ok: true });
		await until(boBoard.doc, (doc) => listNotes(doc).some((n) => n.id === id));
		expect(listNotes(boBoard.doc).find((n) => n.id === id)).toMatchObject({ text: 'Fler mötesplatser för unga' });
		annaSocket.close();
		boBoard.destroy();
	});

	it('a late joiner gets the full board', async () => {
		const cid = await arrangeParticipant(app.sql, meeting.meetingId, 'Cid');
		const socket = await meetingSocket(app.url, meeting.meetingId, meeting.moderatorToken);
		for (let i = 0; i < 20; i++) expect((await command(socket, 'note:add', { id: noteId(), text: `Idé ${i}` })).ok).toBe(true);
		expect((await command(socket, 'cluster:create', { id: 'c-kultur-01', title: 'Kultur i hela länet' })).ok).toBe(true);

		const late = boardClient(app.url, meeting.meetingId, cid.token);
		await late.synced;
		const board = snapshot(late.doc);
		expect(board.clusters.map((c) => c.title)).toEqual(['Kultur i hela länet']);
		expect(board.unclustered.filter((n) => n.text.startsWith('Idé ')).length).toBe(20);
		socket.close();
		late.destroy();
	});

	it('an acknowledged note is already in PostgreSQL', async () => {
		const dana = await arrangeParticipant(app.sql, meeting.meetingId, 'Dana');
		const socket = await meetingSocket(app.url, meeting.meetingId, dana.token);
		const id = noteId();
		const before = await app.sql`select count(*)::int as n from board_updates where meeting_id = ${meeting.meetingId}`;
		expect(await command(socket, 'note:add', { id, text: 'Digital kulturskola' })).toEqual({ ok: true });
		const rows = await app.sql<{ update: Buffer }[]>`select update from board_updates where meeting_id = ${meeting.meetingId}`;
		expect(rows.length).toBeGreaterThan(before[0].n);
		expect(Buffer.concat(rows.map((r) => r.update)).includes(Buffer.from('Digital kulturskola'))).toBe(true);
		socket.close();
	});
});
