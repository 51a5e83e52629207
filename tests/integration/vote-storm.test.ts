import { randomUUID } from 'node:crypto';
import type { Socket } from 'socket.io-client';
import { describe, expect, it } from 'vitest';
import type { Ack } from '../../src/lib/protocol/errors';
import { arrangeMeeting, arrangeParticipant, command, meetingSocket } from './board-fixtures';
import { pollUntil, useTestApp } from './harness';

// Issue 15: everyone votes in the same moment, over raw socket.io. The server's only-judge rule
// (no over-votes) holds, the figures everyone is sent equal the stored votes, and those figures
// are sent coalesced (VOTE_BROADCAST_MS in server/meeting/votes.ts), not once per vote.
const PARTICIPANTS = 40;
const BUDGET = 5;
const ATTEMPTS = 7; // two more than the budget, each
const BROADCAST_MS = 250;
const CLUSTERS = ['c-skola-0001', 'c-trafik-001', 'c-kultur-01'];

type Tallies = { clusters: Record<string, number>; notes: Record<string, number>; voters: number };
type Progress = { voters: number; participants: number };

describe('a vote storm', () => {
	const app = useTestApp();

	async function storm(revealed: boolean) {
		const meeting = await arrangeMeeting(app.sql, { phase: 'group' });
		await app.sql`update meetings set votes_per_participant = ${BUDGET}, max_votes_per_item = 3 where id = ${meeting.meetingId}`;
		const moderator = await meetingSocket(app.url, meeting.meetingId, meeting.moderatorToken);
		for (const id of CLUSTERS) expect((await command(moderator, 'cluster:create', { id, title: id })).ok).toBe(true);
		expect(await command(moderator, 'meeting:phase', { phase: 'vote' })).toEqual({ ok: true, phase: 'vote' });
		if (revealed) expect(await command(moderator, 'votes:reveal', {})).toEqual({ ok: true });
		const people = await Promise.all(Array.from({ length: PARTICIPANTS }, (_, i) => arrangeParticipant(app.sql, meeting.meetingId, `Deltagare ${i + 1}`)));
		const sockets: Socket[] = [];
		for (const person of people) sockets.push(await meetingSocket(app.url, meeting.meetingId, person.token));

		// From here on, count what everyone is sent.
		const tallyEvents = sockets.map(() => 0);
		let lastTallies: Tallies | null = null;
		sockets.forEach((socket, i) =>
			socket.on('votes:tallies', (tallies: Tallies) => {
				tallyEvents[i]++;
				lastTallies = tallies;
			})
		);
		let progressEvents = 0;
		let lastProgress: Progress | null = null;
		moderator.on('votes:progress', (progress: Progress) => {
			progressEvents++;
			lastProgress = progress;
		});

		const started = Date.now();
		const acks: Ack[] = await Promise.all(
			sockets.flatMap((socket, i) =>
				Array.from({ length: ATTEMPTS }, (_, k) =>
					command(socket, 'vote:place', { itemKind: 'cluster', itemId: CLUSTERS[(i + k) % CLUSTERS.length], key: `v-${randomUUID()}` })
				)
			)
		);
		const elapsedMs = Date.now() - started;
		return { meeting, moderator, sockets, acks, elapsedMs, tallyEvents, progressEvents, last: () => ({ tallies: lastTallies, progress: lastProgress }) };
	}

	async function stored(meetingId: string) {
		const perItem = await app.sql<{ itemId: string; n: number }[]>`
			select item_id, count(*)::int as n from votes where meeting_id = ${meetingId} group by item_id`;
		const perParticipant = await app.sql<{ n: number; votesUsed: number }[]>`
			select p.votes_used, (select count(*)::int from votes v where v.participant_id = p.id) as n
			from participants p where p.meeting_id = ${meetingId}`;
		return { perItem: Object.fromEntries(perItem.map((r) => [r.itemId, r.n])), perParticipant };
	}

	it('after the reveal: every vote is answered, nobody votes over the budget, and the tallies everyone ends with are the stored votes, sent a few times a second rather than once per vote', async () => {
		const run = await storm(true);
		// Every command answered: accepted, or refused for the budget — nothing else.
		expect(run.acks).toHaveLength(PARTICIPANTS * ATTEMPTS);
		expect(run.acks.filter((a) => a.ok)).toHaveLength(PARTICIPANTS * BUDGET);
		expect(run.acks.filter((a) => !a.ok).map((a) => !a.ok && a.code)).toEqual(Array(PARTICIPANTS * (ATTEMPTS - BUDGET)).fill('VOTE_BUDGET'));
		const db = await stored(run.meeting.meetingId);
		expect(db.perParticipant).toHaveLength(PARTICIPANTS);
		for (const p of db.perParticipant) expect(p).toEqual({ n: BUDGET, votesUsed: BUDGET });

		const final = await pollUntil(
			() => run.last().tallies,
			(t) => t !== null && Object.values(t.clusters).reduce((a, b) => a + b, 0) === PARTICIPANTS * BUDGET,
			'the tallies of every stored vote'
		);
		expect(final!.clusters).toEqual(db.perItem);
		expect(final!.voters).toBe(PARTICIPANTS);
		// Coalesced: at most one broadcast per interval while the storm lasted, plus the last one.
		const bound = Math.ceil(run.elapsedMs / BROADCAST_MS) + 2;
		for (const n of run.tallyEvents) expect(n).toBeLessThanOrEqual(bound);
		expect(Math.max(...run.tallyEvents)).toBeLessThan(PARTICIPANTS * BUDGET);
		run.sockets.forEach((s) => s.close());
		run.moderator.close();
	});

	it('before the reveal: moderators end with the true count of voters, sent a few times a second; participants are sent no tallies', async () => {
		const run = await storm(false);
		expect(run.acks.filter((a) => a.ok)).toHaveLength(PARTICIPANTS * BUDGET);
		const final = await pollUntil(() => run.last().progress, (p) => p?.voters === PARTICIPANTS, 'every voter counted');
		expect(final).toEqual({ voters: PARTICIPANTS, participants: PARTICIPANTS });
		expect(run.progressEvents).toBeLessThanOrEqual(Math.ceil(run.elapsedMs / BROADCAST_MS) + 2);
		expect(run.tallyEvents.every((n) => n === 0)).toBe(true);
		run.sockets.forEach((s) => s.close());
		run.moderator.close();
	});
});
