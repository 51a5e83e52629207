import { describe, expect, it } from 'vitest';
import { arrangeConnectedMeeting, command, noteId } from './board-fixtures';
import { pollUntil, useTestApp } from './harness';

// Issue 15: the room holds its meeting's rules in memory (no read per command). These tests prove
// the rules it holds follow every change, wherever the change is made.
describe("the meeting's rules held by the live room", () => {
	const app = useTestApp();

	it('a lock by the moderator applies to the very next command, the moderator\'s own too, until unlocked', async () => {
		const { moderator, socket } = await arrangeConnectedMeeting(app, 'Anna');
		expect(await command(socket, 'note:add', { id: noteId(), text: 'Före låset' })).toEqual({ ok: true });
		expect(await command(moderator, 'board:lock', { locked: true })).toEqual({ ok: true });
		expect(await command(socket, 'note:add', { id: noteId(), text: 'Efter låset' })).toMatchObject({ ok: false, code: 'BOARD_LOCKED' });
		expect(await command(moderator, 'note:add', { id: noteId(), text: 'Efter låset' })).toMatchObject({ ok: false, code: 'BOARD_LOCKED' });
		expect(await command(moderator, 'board:lock', { locked: false })).toEqual({ ok: true });
		expect(await command(socket, 'note:add', { id: noteId(), text: 'Upplåst' })).toEqual({ ok: true });
		moderator.close();
		socket.close();
	});

	it('a change written to PostgreSQL elsewhere (a page, the CLI, another instance) is judged by the commands that follow it', async () => {
		const { meeting, moderator, socket } = await arrangeConnectedMeeting(app, 'Bo');
		expect(await command(socket, 'note:add', { id: noteId(), text: 'Medan det är öppet' })).toEqual({ ok: true });

		await app.sql`update meetings set phase = 'draft' where id = ${meeting.meetingId}`;
		const refused = await pollUntil(
			() => command(socket, 'note:add', { id: noteId(), text: 'Efter ändringen' }),
			(ack) => !ack.ok,
			'the room to notice the phase set in PostgreSQL'
		);
		expect(refused).toMatchObject({ ok: false, code: 'PHASE_CLOSED' });

		await app.sql`update meetings set phase = 'brainstorm', archived_at = now() where id = ${meeting.meetingId}`;
		const archived = await pollUntil(
			() => command(socket, 'note:add', { id: noteId(), text: 'Arkiverat' }),
			(ack) => !ack.ok && ack.code !== 'PHASE_CLOSED',
			'the room to notice the archiving'
		);
		expect(archived).toMatchObject({ ok: false, code: 'NOT_FOUND' });
		moderator.close();
		socket.close();
	});
});
