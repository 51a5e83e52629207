import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { useTestApp } from './harness';
import { accepted, arrangeMeeting, arrangeParticipant, command, meetingSocket, socketRoundTrip } from './board-fixtures';

const key = () => `v-${randomUUID()}`;

describe('dot voting', () => {
	const app = useTestApp();

	async function votingMeeting() {
		const meeting = await arrangeMeeting(app.sql, { phase: 'group' });
		await app.sql`update meetings set votes_per_participant = 5, max_votes_per_item = 3 where id = ${meeting.meetingId}`;
		const moderator = await meetingSocket(app.url, meeting.meetingId, meeting.moderatorToken);
		for (const [id, title] of [['c-skola-0001', 'Skola'], ['c-trafik-001', 'Trafik'], ['c-kultur-01', 'Kultur']]) {
			expect((await command(moderator, 'cluster:create', { id, title })).ok).toBe(true);
		}
		expect(await command(moderator, 'meeting:phase', { phase: 'vote' })).toEqual({ ok: true, phase: 'vote' });
		return { ...meeting, moderator };
	}

	it('concurrent votes from one participant over several sockets never exceed the budget or the per-item cap', async () => {
		const meeting = await votingMeeting();
		const anna = await arrangeParticipant(app.sql, meeting.meetingId, 'Anna');
		const sockets = await Promise.all([1, 2, 3, 4].map(() => meetingSocket(app.url, meeting.meetingId, anna.token)));
		// 12 votes at once on one cluster from four sockets: at most 3 may land there.
		const onOne = await Promise.all(
			Array.from({ length: 12 }, (_, i) => command(sockets[i % 4], 'vote:place', { itemKind: 'cluster', itemId: 'c-skola-0001', key: key() }))
		);
		expect(onOne.filter((a) => a.ok)).toHaveLength(3);
		expect(onOne.filter((a) => !a.ok).every((a) => !a.ok && a.code === 'VOTE_ITEM_CAP')).toBe(true);
		// 10 more at once spread over two clusters: the budget of 5 leaves exactly 2.
		const spread = await Promise.all(
			Array.from({ length: 10 }, (_, i) =>
				command(sockets[i % 4], 'vote:place', { itemKind: 'cluster', itemId: i % 2 ? 'c-trafik-001' : 'c-kultur-01', key: key() })
			)
		);
		expect(spread.filter((a) => a.ok)).toHaveLength(2);
		const [row] = await app.sql`select votes_used, (select count(*)::int from votes where participant_id = ${anna.id}) as n from participants where id = ${anna.id}`;
		expect(row).toEqual({ votesUsed: 5, n: 5 });
		sockets.forEach((s) => s.close());
		meeting.moderator.close();
	});

	it('a retried vote (same key) counts once, and a vote can be taken back', async () => {
		const meeting = await votingMeeting();
		const bo = await arrangeParticipant(app.sql, meeting.meetingId, 'Bo');
		const socket = await meetingSocket(app.url, meeting.meetingId, bo.token);
		const k = key();
		const vote = { itemKind: 'cluster', itemId: 'c-trafik-001', key: k };
		expect(await command(socket, 'vote:place', vote)).toEqual({ ok: true });
		expect(await command(socket, 'vote:place', vote)).toEqual({ ok: true });
		// The state sent on connecting may still be on its way: wait for the list without the vote.
		const mine = new Promise<{ votes: unknown[] }>((resolve) => {
			const on = (state: { votes: unknown[] }) => state.votes.length === 0 && (socket.off('votes:mine', on), resolve(state));
			socket.on('votes:mine', on);
		});
		expect(await command(socket, 'vote:remove', { key: k })).toEqual({ ok: true });
		expect((await mine).votes).toEqual([]);
		expect(await command(socket, 'vote:remove', { key: k })).toEqual({ ok: true });
		const [row] = await app.sql`select votes_used from participants where id = ${bo.id}`;
		expect(row.votesUsed).toBe(0);
		socket.close();
		meeting.moderator.close();
	});

	it('a vote is acknowledged after the voter was sent their votes with it, oldest first (one statement, issue 15)', async () => {
		const meeting = await votingMeeting();
		const gun = await arrangeParticipant(app.sql, meeting.meetingId, 'Gun');
		const socket = await meetingSocket(app.url, meeting.meetingId, gun.token);
		const heard: { budget: number; maxPerItem: number; votes: { key: string; itemKind: string; itemId: string }[] }[] = [];
		socket.on('votes:mine', (mine) => heard.push(mine));
		const [first, second] = [key(), key()];
		expect(await command(socket, 'vote:place', { itemKind: 'cluster', itemId: 'c-trafik-001', key: first })).toEqual({ ok: true });
		expect(await command(socket, 'vote:place', { itemKind: 'cluster', itemId: 'c-skola-0001', key: second })).toEqual({ ok: true });
		// Sent before each acknowledgement: the last one heard already holds both votes.
		expect(heard.at(-1)).toMatchObject({
			votes: [
				{ key: first, itemKind: 'cluster', itemId: 'c-trafik-001' },
				{ key: second, itemKind: 'cluster', itemId: 'c-skola-0001' }
			]
		});
		expect(heard.at(-1)?.budget).toBeGreaterThan(0);
		expect(await command(socket, 'vote:remove', { key: first })).toEqual({ ok: true });
		expect(heard.at(-1)?.votes).toEqual([{ key: second, itemKind: 'cluster', itemId: 'c-skola-0001' }]);
		socket.close();
		meeting.moderator.close();
	});

	it('until the reveal a participant sees only their own votes; afterwards everyone sees the tallies', async () => {
		const meeting = await votingMeeting();
		const cid = await arrangeParticipant(app.sql, meeting.meetingId, 'Cid');
		const dana = await arrangeParticipant(app.sql, meeting.meetingId, 'Dana');
		const cidSocket = await meetingSocket(app.url, meeting.meetingId, cid.token);
		const danaSocket = await meetingSocket(app.url, meeting.meetingId, dana.token);
		const danaEvents: string[] = [];
		danaSocket.onAny((event) => danaEvents.push(event));
		const progress = new Promise<{ voters: number }>((resolve) => meeting.moderator.on('votes:progress', (p) => p.voters > 0 && resolve(p)));
		expect(await command(cidSocket, 'vote:place', { itemKind: 'cluster', itemId: 'c-kultur-01', key: key() })).toEqual({ ok: true });
		expect((await progress).voters).toBe(1);
		// The progress has been sent; whatever went to Dana with it has arrived after this round trip.
		await socketRoundTrip(danaSocket);
		expect(danaEvents).not.toContain('votes:tallies');
		expect(danaEvents).not.toContain('votes:progress');

		const tallies = new Promise<{ clusters: Record<string, number> }>((resolve) => danaSocket.once('votes:tallies', resolve));
		expect(await command(meeting.moderator, 'votes:reveal', {})).toEqual({ ok: true });
		expect((await tallies).clusters).toEqual({ 'c-kultur-01': 1 });
		[cidSocket, danaSocket, meeting.moderator].forEach((s) => s.close());
	});

	it('votes sent outside the vote phase, by the projector, or for an unknown item are refused', async () => {
		const meeting = await votingMeeting();
		const eva = await arrangeParticipant(app.sql, meeting.meetingId, 'Eva');
		const socket = await meetingSocket(app.url, meeting.meetingId, eva.token);
		const { path } = accepted(await command(meeting.moderator, 'projector:link', {}));
		const projector = await meetingSocket(app.url, meeting.meetingId, new URL(path, app.url).searchParams.get('key')!);
		expect(await command(socket, 'vote:place', { itemKind: 'cluster', itemId: 'c-finns-inte', key: key() })).toMatchObject({ ok: false, code: 'NOT_FOUND' });
		expect(await command(projector, 'vote:place', { itemKind: 'cluster', itemId: 'c-skola-0001', key: key() })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
		expect(await command(meeting.moderator, 'meeting:phase', { phase: 'rank' })).toMatchObject({ ok: true });
		expect(await command(socket, 'vote:place', { itemKind: 'cluster', itemId: 'c-skola-0001', key: key() })).toMatchObject({ ok: false, code: 'PHASE_CLOSED' });
		const [votes] = await app.sql`select count(*)::int as n from votes where meeting_id = ${meeting.meetingId}`;
		expect(votes.n).toBe(0);
		[socket, projector, meeting.moderator].forEach((s) => s.close());
	});

	it('a moderator votes as a participant (issue 11): one participant identity of theirs, the same budget and cap, concurrent votes over several sockets included', async () => {
		const meeting = await votingMeeting();
		const second = await meetingSocket(app.url, meeting.meetingId, meeting.moderatorToken);
		// (Each socket is first sent the moderator's votes as they stand: none.)
		const mine = new Promise<{ votes: { itemId: string }[] }>((resolve) =>
			second.on('votes:mine', (votes: { votes: { itemId: string }[] }) => votes.votes.length > 0 && resolve(votes))
		);
		// 8 votes at once over two sockets on one cluster: the cap of 3 holds for a moderator too.
		const onOne = await Promise.all(
			Array.from({ length: 8 }, (_, i) => command(i % 2 ? second : meeting.moderator, 'vote:place', { itemKind: 'cluster', itemId: 'c-skola-0001', key: key() }))
		);
		expect(onOne.filter((a) => a.ok)).toHaveLength(3);
		expect(onOne.every((a) => a.ok || a.code === 'VOTE_ITEM_CAP')).toBe(true);
		// Every socket of the moderator learns their votes, like a participant's.
		expect((await mine).votes.every((v) => v.itemId === 'c-skola-0001')).toBe(true);
		const spread = await Promise.all(
			Array.from({ length: 6 }, (_, i) => command(second, 'vote:place', { itemKind: 'cluster', itemId: i % 2 ? 'c-trafik-001' : 'c-kultur-01', key: key() }))
		);
		expect(spread.filter((a) => a.ok)).toHaveLength(2);
		expect(spread.filter((a) => !a.ok).every((a) => !a.ok && a.code === 'VOTE_BUDGET')).toBe(true);

		// One identity, linked to the moderator, holding all five votes.
		const identities = await app.sql<{ id: string; displayName: string; votesUsed: number }[]>`
			select id, display_name, votes_used from participants where meeting_id = ${meeting.meetingId} and moderator_id = ${meeting.moderatorId}`;
		expect(identities).toHaveLength(1);
		expect(identities[0].votesUsed).toBe(5);
		const [stored] = await app.sql`select count(*)::int as n from votes where participant_id = ${identities[0].id}`;
		expect(stored.n).toBe(5);
		// Taking one back frees one vote of the budget.
		const taken = await app.sql<{ key: string }[]>`select idempotency_key as key from votes where participant_id = ${identities[0].id} limit 1`;
		expect(await command(meeting.moderator, 'vote:remove', { key: taken[0].key })).toEqual({ ok: true });
		expect(await command(second, 'vote:place', { itemKind: 'cluster', itemId: 'c-trafik-001', key: key() })).toEqual({ ok: true });
		[second, meeting.moderator].forEach((s) => s.close());
	});

	it('a removed participant’s votes go with them', async () => {
		const meeting = await votingMeeting();
		const finn = await arrangeParticipant(app.sql, meeting.meetingId, 'Finn');
		const socket = await meetingSocket(app.url, meeting.meetingId, finn.token);
		expect(await command(socket, 'vote:place', { itemKind: 'cluster', itemId: 'c-skola-0001', key: key() })).toEqual({ ok: true });
		expect(await command(meeting.moderator, 'participant:remove', { participantId: finn.id })).toEqual({ ok: true });
		expect(await app.sql`select * from votes where participant_id = ${finn.id}`).toHaveLength(0);
		meeting.moderator.close();
	});
});
