import { describe, expect, it } from 'vitest';
import { CloseCode } from '../../src/lib/protocol/close-codes';
import { useTestApp } from './harness';
import { arrangeConnectedMeeting, boardClient, command, meetingSocket, noteId } from './board-fixtures';

describe('meeting control', () => {
	const app = useTestApp();

	it('a moderator moves the phase one step and every client hears it; posting follows the phase', async () => {
		const { meeting, moderator, socket: participant } = await arrangeConnectedMeeting(app, 'Anna', { phase: 'draft' });

		expect(await command(participant, 'note:add', { id: noteId(), text: 'För tidigt' })).toMatchObject({ ok: false, code: 'PHASE_CLOSED' });
		const heard = new Promise((resolve) => participant.once('meeting:state', resolve));
		expect(await command(moderator, 'meeting:phase', { phase: 'brainstorm' })).toEqual({ ok: true, phase: 'brainstorm' });
		expect(await heard).toMatchObject({ phase: 'brainstorm' });
		expect(await command(participant, 'note:add', { id: noteId(), text: 'Nu går det' })).toEqual({ ok: true });

		expect(await command(moderator, 'meeting:phase', { phase: 'rank' })).toMatchObject({ ok: false, code: 'VALIDATION' });
		expect(await command(participant, 'meeting:phase', { phase: 'group' })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
		const [row] = await app.sql`select phase from meetings where id = ${meeting.meetingId}`;
		expect(row.phase).toBe('brainstorm');
		moderator.close();
		participant.close();
	});

	it('a removed participant is cut off on every connection at once and cannot come back', async () => {
		const { meeting, participant: bo, moderator, socket } = await arrangeConnectedMeeting(app, 'Bo');
		const board = boardClient(app.url, meeting.meetingId, bo.token);
		await board.synced;
		const closed = new Promise<number>((resolve) => board.provider.once('connection-close', (e: CloseEvent | null) => resolve(e?.code ?? 0)));
		const ended = new Promise((resolve) => socket.once('session:ended', resolve));

		expect(await command(moderator, 'participant:remove', { participantId: bo.id })).toEqual({ ok: true });
		expect(await ended).toBe('removed');
		expect(await closed).toBe(CloseCode.Unauthorized);
		board.destroy();
		await expect(meetingSocket(app.url, meeting.meetingId, bo.token)).rejects.toThrow('UNAUTHENTICATED');
		moderator.close();
	});
});
