import { describe, expect, it } from 'vitest';
import { createProjectorKey } from '../../src/lib/server/auth/projector';
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

	it('issue 8: the projector learns how many have voted of how many may, and nothing about what they voted for', async () => {
		const meeting = await arrangeMeeting(app.sql, { phase: 'group' });
		const moderator = await meetingSocket(app.url, meeting.meetingId, meeting.moderatorToken);
		const cluster = { id: 'c-progress-01', title: 'Kollektivtrafik' };
		expect(await command(moderator, 'cluster:create', cluster)).toMatchObject({ ok: true });
		const anna = await arrangeParticipant(app.sql, meeting.meetingId, 'Anna');
		await arrangeParticipant(app.sql, meeting.meetingId, 'Bo');
		const projector = await meetingSocket(app.url, meeting.meetingId, await createProjectorKey(app.sql, meeting.meetingId));
		const heard: { event: string; payload: unknown }[] = [];
		projector.onAny((event: string, payload: unknown) => heard.push({ event, payload }));

		const opened = new Promise<Progress>((resolve) => projector.once('votes:progress', resolve));
		expect(await command(moderator, 'meeting:phase', { phase: 'vote' })).toMatchObject({ ok: true });
		expect(await opened).toEqual({ voters: 0, participants: 2 });

		const annaSocket = await meetingSocket(app.url, meeting.meetingId, anna.token);
		const voted = new Promise<Progress>((resolve) => {
			const listener = (progress: Progress) => {
				if (progress.voters === 1) {
					projector.off('votes:progress', listener);
					resolve(progress);
				}
			};
			projector.on('votes:progress', listener);
		});
		expect(await command(annaSocket, 'vote:place', { itemKind: 'cluster', itemId: cluster.id, key: 'v-progress-0001' })).toMatchObject({ ok: true });
		expect(await voted).toEqual({ voters: 1, participants: 2 });
		// Only counts: no tallies, no item, no one's votes before the reveal.
		expect(heard.map((h) => h.event)).not.toContain('votes:tallies');
		expect(heard.map((h) => h.event)).not.toContain('votes:mine');
		expect(JSON.stringify(heard)).not.toContain(cluster.id);
		[moderator, projector, annaSocket].forEach((s) => s.close());
	});
});
