import { describe, expect, it } from 'vitest';
import { arrangeMeeting, arrangeParticipant, command, meetingSocket } from './board-fixtures';
import { useTestApp } from './harness';

type Progress = { voters: number; participants: number };

describe('how many have voted, as moderators see it', () => {
	const app = useTestApp();

	it('a moderator learns who may vote when voting opens and when a participant joins, before anyone has voted', async () => {
		const meeting = await arrangeMeeting(app.sql, { phase: 'group' });
		const moderator = await meetingSocket(app.url, meeting.meetingId, meeting.moderatorToken);
		const anna = await arrangeParticipant(app.sql, meeting.meetingId, 'Anna');
		const bo = await arrangeParticipant(app.sql, meeting.meetingId, 'Bo');

		const opened = new Promise<Progress>((resolve) => moderator.once('votes:progress', resolve));
		expect(await command(moderator, 'meeting:phase', { phase: 'vote' })).toMatchObject({ ok: true });
		expect(await opened).toEqual({ voters: 0, participants: 2 });

		const cid = await arrangeParticipant(app.sql, meeting.meetingId, 'Cid');
		const joined = new Promise<Progress>((resolve) => moderator.once('votes:progress', resolve));
		const cidSocket = await meetingSocket(app.url, meeting.meetingId, cid.token);
		expect(await joined).toEqual({ voters: 0, participants: 3 });

		// A participant learns nothing about the others' votes.
		const annaSocket = await meetingSocket(app.url, meeting.meetingId, anna.token);
		let annaHeard = false;
		annaSocket.on('votes:progress', () => (annaHeard = true));
		const boJoined = new Promise<Progress>((resolve) => moderator.once('votes:progress', resolve));
		const boSocket = await meetingSocket(app.url, meeting.meetingId, bo.token);
		await boJoined;
		expect(annaHeard).toBe(false);
		[moderator, cidSocket, annaSocket, boSocket].forEach((s) => s.close());
	});
});
