import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { listNotes } from '../../src/lib/board/board';
import { useTestApp } from './harness';
import { arrangeMeeting, arrangeParticipant, boardClient, boardRoundTrip, command, meetingSocket, noteId, socketRoundTrip, until } from './board-fixtures';

describe('private brainstorm and reveal', () => {
	const app = useTestApp();

	it('other participants’ note texts reach nobody’s browser before the reveal, then everyone’s at once', async () => {
		const meeting = await arrangeMeeting(app.sql);
		await app.sql`update meetings set notes_private_until_reveal = true where id = ${meeting.meetingId}`;
		const anna = await arrangeParticipant(app.sql, meeting.meetingId, 'Anna');
		const bo = await arrangeParticipant(app.sql, meeting.meetingId, 'Bo');

		const boSocket = await meetingSocket(app.url, meeting.meetingId, bo.token);
		const boEvents: unknown[] = [];
		boSocket.onAny((event, ...args) => boEvents.push([event, args]));
		const boBoard = boardClient(app.url, meeting.meetingId, bo.token);
		await boBoard.synced;
		// Every byte Bo's board connection receives, also presence (a second, raw connection of his).
		const raw = new WebSocket(`${app.url.replace(/^http/, 'ws')}/yjs/${meeting.meetingId}?token=${bo.token}`);
		const rawFrames: Buffer[] = [];
		raw.on('message', (data: Buffer) => rawFrames.push(Buffer.from(data)));
		await new Promise((resolve) => raw.once('open', resolve));
		const moderator = await meetingSocket(app.url, meeting.meetingId, meeting.moderatorToken);
		const moderatorSees = new Promise<{ text: string }[]>((resolve) => moderator.on('private:all', (notes) => notes.length && resolve(notes)));

		const annaSocket = await meetingSocket(app.url, meeting.meetingId, anna.token);
		const own = new Promise<{ text: string }[]>((resolve) => annaSocket.on('private:notes', (notes) => notes.length && resolve(notes)));
		const secret = 'Hemlig idé om kulturbussar';
		const id = noteId();
		expect(await command(annaSocket, 'note:add', { id, text: secret })).toEqual({ ok: true });

		expect((await own).map((n) => n.text)).toEqual([secret]);
		expect((await moderatorSees).map((n) => n.text)).toEqual([secret]);
		// Everything sent to Bo before this point has reached him: his socket and his raw board connection.
		await socketRoundTrip(boSocket);
		await boardRoundTrip(raw, boBoard.doc);
		expect(listNotes(boBoard.doc)).toEqual([]);
		expect(JSON.stringify(boEvents)).not.toContain(secret);
		expect(Buffer.concat(rawFrames).includes(Buffer.from(secret))).toBe(false);
		expect(Buffer.from(Y.encodeStateAsUpdate(boBoard.doc)).includes(Buffer.from(secret))).toBe(false);
		expect(boEvents).toContainEqual(['private:count', [1]]);
		// Bo cannot touch Anna's private note either.
		expect(await command(boSocket, 'note:edit', { id, text: 'ändrad' })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
		expect(await command(boSocket, 'note:remove', { id })).toMatchObject({ ok: false, code: 'FORBIDDEN' });

		expect(await command(moderator, 'notes:reveal', {})).toEqual({ ok: true, revealed: 1 });
		await until(boBoard.doc, (doc) => listNotes(doc).some((n) => n.text === secret));
		// The check above can fail: after the reveal the same raw connection does receive the text.
		// Asked with the state Bo's board has now: the answer itself carries nothing new.
		await boardRoundTrip(raw, boBoard.doc);
		expect(Buffer.concat(rawFrames).includes(Buffer.from(secret))).toBe(true);
		raw.close();
		expect(await app.sql`select * from notes where meeting_id = ${meeting.meetingId} and visibility = 'private'`).toHaveLength(0);
		// After the reveal, new notes go straight onto the shared board.
		const later = noteId();
		expect(await command(annaSocket, 'note:add', { id: later, text: 'Efter avslöjandet' })).toEqual({ ok: true });
		await until(boBoard.doc, (doc) => listNotes(doc).some((n) => n.id === later));
		[boSocket, annaSocket, moderator].forEach((s) => s.close());
		boBoard.destroy();
	});

	it('moving on from a private brainstorm reveals its notes', async () => {
		const meeting = await arrangeMeeting(app.sql);
		await app.sql`update meetings set notes_private_until_reveal = true where id = ${meeting.meetingId}`;
		const cid = await arrangeParticipant(app.sql, meeting.meetingId, 'Cid');
		const socket = await meetingSocket(app.url, meeting.meetingId, cid.token);
		const id = noteId();
		expect(await command(socket, 'note:add', { id, text: 'Glöm mig inte' })).toEqual({ ok: true });
		const moderator = await meetingSocket(app.url, meeting.meetingId, meeting.moderatorToken);
		expect(await command(moderator, 'meeting:phase', { phase: 'group' })).toEqual({ ok: true, phase: 'group' });
		const board = boardClient(app.url, meeting.meetingId, cid.token);
		await board.synced;
		expect(listNotes(board.doc).map((n) => n.id)).toEqual([id]);
		const [log] = await app.sql`select action from audit_log where meeting_id = ${meeting.meetingId} order by id desc limit 1`;
		expect(log.action).toBe('phase');
		socket.close();
		moderator.close();
		board.destroy();
	});

	it('editing a private note tells nobody but its author and the moderators (issue 9, defect 9)', async () => {
		const meeting = await arrangeMeeting(app.sql, { private: true });
		const anna = await arrangeParticipant(app.sql, meeting.meetingId, 'Anna');
		const bo = await arrangeParticipant(app.sql, meeting.meetingId, 'Bo');
		const annaSocket = await meetingSocket(app.url, meeting.meetingId, anna.token);
		// Bo's greeting ends with his votes (`votes:mine`, sent after `ready`): only then is what he is sent Anna's doing.
		const boSocket = await meetingSocket(app.url, meeting.meetingId, bo.token, 'votes:mine');
		const boEvents: string[] = [];
		boSocket.onAny((event: string, ...args: unknown[]) => boEvents.push(`${event} ${JSON.stringify(args)}`));
		const first = noteId();
		expect(await command(annaSocket, 'note:add', { id: first, text: 'Första' })).toEqual({ ok: true });
		expect(await command(annaSocket, 'note:edit', { id: first, text: 'Första, ändrad' })).toEqual({ ok: true });
		// A later change that Bo does see: whatever the edit sent him would have arrived before it.
		const counted = new Promise<void>((resolve) => boSocket.on('private:count', (n: number) => n === 2 && resolve()));
		expect(await command(annaSocket, 'note:add', { id: noteId(), text: 'Andra' })).toEqual({ ok: true });
		await counted;
		// From Anna's first note on (before it: what Bo was sent when he connected).
		expect(boEvents.slice(boEvents.indexOf('private:count [1]'))).toEqual(['private:count [1]', 'private:count [2]']);
		annaSocket.close();
		boSocket.close();
	});
});
