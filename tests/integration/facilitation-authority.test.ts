import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { connect } from '../../src/lib/server/db/sql';
import { createTestDatabase, startServerProcess, useTestApp } from './harness';
import { accepted, arrangeConnectedMeeting, arrangeMeeting, arrangeParticipant, command, killWhileInFlight, meetingSocket, noteId } from './board-fixtures';

// Issue 4's acceptance, as a modified client would try it: raw socket.io packets and raw frames.

const key = () => `v-${randomUUID()}`;

describe('meeting control against a modified participant client', () => {
	const app = useTestApp();

	const meetingRow = async (meetingId: string) =>
		(await app.sql`
			select phase, notes_revealed_at, votes_revealed_at, timer_ends_at, timer_remaining_ms, locked
			from meetings where id = ${meetingId}`)[0];

	it('a participant cannot change the phase, reveal, start the timer or remove someone; nothing changes', async () => {
		const meeting = await arrangeMeeting(app.sql, { private: true });
		const anna = await arrangeParticipant(app.sql, meeting.meetingId, 'Anna');
		const bo = await arrangeParticipant(app.sql, meeting.meetingId, 'Bo');
		const socket = await meetingSocket(app.url, meeting.meetingId, anna.token);
		const before = await meetingRow(meeting.meetingId);
		const attempts: [string, unknown][] = [
			['meeting:phase', { phase: 'group' }],
			['notes:reveal', {}],
			['votes:reveal', {}],
			['timer:start', { seconds: 60, autoAdvance: true }],
			['timer:extend', { seconds: 60 }],
			['board:lock', { locked: true }],
			['participant:remove', { participantId: bo.id }],
			['rank:order', { clusterIds: [] }],
			['note:moderate', { noteId: 'note-00000001', action: 'remove', reason: 'x' }],
			['audit:list', {}],
			['projector:link', {}]
		];
		for (const [name, payload] of attempts) {
			expect(await command(socket, name, payload), name).toMatchObject({ ok: false, code: 'FORBIDDEN' });
		}
		expect(await meetingRow(meeting.meetingId)).toEqual(before);
		const [boRow] = await app.sql`select removed_at from participants where id = ${bo.id}`;
		expect(boRow.removedAt).toBeNull();
		expect(await app.sql`select * from audit_log where meeting_id = ${meeting.meetingId}`).toHaveLength(0);
		socket.close();
	});

	it('50 concurrent votes from one participant over 5 sockets with a budget of 5 store exactly 5', async () => {
		const meeting = await arrangeMeeting(app.sql, { phase: 'group' });
		const moderator = await meetingSocket(app.url, meeting.meetingId, meeting.moderatorToken);
		const clusters = ['c-one-000001', 'c-two-000001', 'c-three-0001'];
		for (const id of clusters) expect((await command(moderator, 'cluster:create', { id, title: id })).ok).toBe(true);
		await app.sql`update meetings set votes_per_participant = 5, max_votes_per_item = 5 where id = ${meeting.meetingId}`;
		expect((await command(moderator, 'meeting:phase', { phase: 'vote' })).ok).toBe(true);
		const cid = await arrangeParticipant(app.sql, meeting.meetingId, 'Cid');
		const sockets = await Promise.all(Array.from({ length: 5 }, () => meetingSocket(app.url, meeting.meetingId, cid.token)));
		const acks = await Promise.all(
			Array.from({ length: 50 }, (_, i) =>
				command(sockets[i % 5], 'vote:place', { itemKind: 'cluster', itemId: clusters[i % 3], key: key() })
			)
		);
		expect(acks.filter((a) => a.ok)).toHaveLength(5);
		expect(acks.filter((a) => !a.ok).every((a) => !a.ok && a.code === 'VOTE_BUDGET')).toBe(true);
		expect(await app.sql`select * from votes where participant_id = ${cid.id}`).toHaveLength(5);
		sockets.forEach((s) => s.close());
		moderator.close();
	});

	it('a vote for a cluster or note of another meeting is rejected', async () => {
		const mine = await arrangeMeeting(app.sql, { phase: 'vote' });
		const other = await arrangeMeeting(app.sql, { phase: 'group' });
		const otherModerator = await meetingSocket(app.url, other.meetingId, other.moderatorToken);
		expect((await command(otherModerator, 'cluster:create', { id: 'c-elsewhere-1', title: 'Annat möte' })).ok).toBe(true);
		const otherNote = noteId();
		expect((await command(otherModerator, 'note:add', { id: otherNote, text: 'Annat möte' })).ok).toBe(true);
		const dana = await arrangeParticipant(app.sql, mine.meetingId, 'Dana');
		const socket = await meetingSocket(app.url, mine.meetingId, dana.token);
		expect(await command(socket, 'vote:place', { itemKind: 'cluster', itemId: 'c-elsewhere-1', key: key() })).toMatchObject({ ok: false, code: 'NOT_FOUND' });
		expect(await command(socket, 'vote:place', { itemKind: 'note', itemId: otherNote, key: key() })).toMatchObject({ ok: false, code: 'NOT_FOUND' });
		expect(await app.sql`select * from votes where participant_id = ${dana.id}`).toHaveLength(0);
		socket.close();
		otherModerator.close();
	});

	it('wrong payload types, a missing ack callback and huge arrays get an error code and crash nothing', async () => {
		const meeting = await arrangeMeeting(app.sql, { phase: 'rank' });
		const eva = await arrangeParticipant(app.sql, meeting.meetingId, 'Eva');
		const participant = await meetingSocket(app.url, meeting.meetingId, eva.token);
		const moderator = await meetingSocket(app.url, meeting.meetingId, meeting.moderatorToken);
		for (const payload of [null, 42, 'text', [], { id: 7, text: ['a'] }, { id: 'note-00000001', text: { toString: 'x' } }]) {
			expect(await command(participant, 'note:add', payload)).toMatchObject({ ok: false, code: 'VALIDATION' });
		}
		expect(await command(moderator, 'timer:start', { seconds: '60', autoAdvance: 'yes' })).toMatchObject({ ok: false, code: 'VALIDATION' });
		expect(await command(moderator, 'rank:order', { clusterIds: Array.from({ length: 5000 }, (_, i) => `c-${String(i).padStart(8, '0')}`) })).toMatchObject({
			ok: false,
			code: 'VALIDATION'
		});
		// Without an ack callback a command is ignored — and the connection keeps working.
		participant.emit('note:add', { id: noteId(), text: 'Utan kvittens' });
		moderator.emit('meeting:phase', { phase: 'closed' });
		// A payload above the 64 KiB limit ends that connection only.
		const big = await meetingSocket(app.url, meeting.meetingId, eva.token);
		const dropped = new Promise((resolve) => big.once('disconnect', resolve));
		big.emit('note:add', { id: noteId(), text: 'x'.repeat(200_000) }, () => {});
		await dropped;
		expect(await command(moderator, 'audit:list', {})).toMatchObject({ ok: true });
		const [row] = await app.sql`select phase from meetings where id = ${meeting.meetingId}`;
		expect(row.phase).toBe('rank');
		const health = await fetch(`${app.url}/healthz`);
		expect(health.status).toBe(200);
		participant.close();
		moderator.close();
	});

	it('a removed participant’s reconnect is refused, also when it offers its old socket session', async () => {
		const { meeting, participant: finn, moderator, socket } = await arrangeConnectedMeeting(app, 'Finn');
		const oldId = socket.id;
		expect(await command(moderator, 'participant:remove', { participantId: finn.id })).toEqual({ ok: true });
		// A raw engine.io/socket.io handshake offering the old session id (connection-state recovery).
		const ws = new WebSocket(`${app.url.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`);
		const frames: string[] = [];
		ws.on('message', (data) => {
			const frame = data.toString();
			frames.push(frame);
			if (frame.startsWith('0')) ws.send(`40/meeting,${JSON.stringify({ meetingId: meeting.meetingId, token: finn.token, pid: oldId, offset: '0' })}`);
		});
		await new Promise<void>((resolve) => {
			const check = setInterval(() => {
				if (frames.some((f) => f.startsWith('44/meeting') || f.startsWith('40/meeting'))) {
					clearInterval(check);
					resolve();
				}
			}, 20);
		});
		expect(frames.find((f) => f.startsWith('4'))).toMatch(/^44\/meeting,.*UNAUTHENTICATED/);
		ws.close();
		await expect(meetingSocket(app.url, meeting.meetingId, finn.token)).rejects.toThrow('UNAUTHENTICATED');
		moderator.close();
	});

	it('the audit log lists every phase change and moderation action with actor and time', async () => {
		const meeting = await arrangeMeeting(app.sql, { phase: 'draft' });
		const moderator = await meetingSocket(app.url, meeting.meetingId, meeting.moderatorToken);
		const id = noteId();
		for (const [name, payload] of [
			['meeting:phase', { phase: 'brainstorm' }],
			['note:add', { id, text: 'En idé' }],
			['note:moderate', { noteId: id, action: 'hide', reason: 'Dubblett' }],
			['board:lock', { locked: true }],
			['board:lock', { locked: false }],
			['meeting:phase', { phase: 'group' }]
		] as const) {
			expect((await command(moderator, name, payload)).ok, name).toBe(true);
		}
		const audit = accepted(await command(moderator, 'audit:list', {}));
		expect(audit.entries.map((e) => [e.action, e.details.phase ?? e.details.noteId ?? null])).toEqual([
			['phase', 'group'],
			['unlock', null],
			['lock', null],
			['note_hide', id],
			['phase', 'brainstorm']
		]);
		for (const entry of audit.entries) {
			expect(entry.moderatorName).toBe('Maja Moderator');
			expect(Math.abs(Date.now() - entry.createdAt)).toBeLessThan(60_000);
		}
		moderator.close();
	});
});

describe('kill -9 during voting with a running timer', () => {
	it('the timer ends at the same instant afterwards, and every acknowledged vote is still there', async () => {
		const database = await createTestDatabase();
		const sql = connect(database.url, { max: 2 });
		const first = await startServerProcess({ DATABASE_URL: database.url });
		try {
			const meeting = await arrangeMeeting(sql, { phase: 'group' });
			const moderator = await meetingSocket(first.url, meeting.meetingId, meeting.moderatorToken);
			for (const id of ['c-vote-00001', 'c-vote-00002']) expect((await command(moderator, 'cluster:create', { id, title: id })).ok).toBe(true);
			expect((await command(moderator, 'meeting:phase', { phase: 'vote' })).ok).toBe(true);
			expect(await command(moderator, 'timer:start', { seconds: 600, autoAdvance: false })).toEqual({ ok: true });
			const [{ timerEndsAt: endsBefore }] = await sql`select timer_ends_at from meetings where id = ${meeting.meetingId}`;

			const voters = await Promise.all(['Gun', 'Hans', 'Ida'].map((n) => arrangeParticipant(sql, meeting.meetingId, n)));
			const sockets = await Promise.all(voters.map((v) => meetingSocket(first.url, meeting.meetingId, v.token)));
			const sends = sockets.flatMap((socket) =>
				Array.from({ length: 5 }, (_, i) => {
					const k = key();
					return { key: k, send: () => command(socket, 'vote:place', { itemKind: 'cluster', itemId: i % 2 ? 'c-vote-00001' : 'c-vote-00002', key: k }) };
				})
			);
			const acknowledged = await killWhileInFlight(first.process, sends, 4);
			sockets.forEach((s) => s.close());
			moderator.close();
			expect(acknowledged.length).toBeGreaterThan(0);

			const second = await startServerProcess({ DATABASE_URL: database.url });
			try {
				const socket = await meetingSocket(second.url, meeting.meetingId, meeting.moderatorToken);
				const stateSent = new Promise<{ meeting: { timer: { endsAt: number } } }>((resolve) => {
					socket.once('meeting:state', (meetingState) => resolve({ meeting: meetingState }));
				});
				// any change sends the state; its answer is awaited too, so that closing the socket leaves no acknowledgement pending
				expect((await command(socket, 'board:lock', { locked: false })).ok).toBe(true);
				const state = await stateSent;
				expect(state.meeting.timer.endsAt).toBe(endsBefore.getTime());
				const [{ timerEndsAt: endsAfter }] = await sql`select timer_ends_at from meetings where id = ${meeting.meetingId}`;
				expect(endsAfter.getTime()).toBe(endsBefore.getTime());
				const stored = (await sql<{ key: string }[]>`select idempotency_key as key from votes where meeting_id = ${meeting.meetingId}`).map((r) => r.key);
				for (const k of acknowledged) expect(stored).toContain(k);
				const used = await sql<{ votesUsed: number; n: number }[]>`
					select p.votes_used, (select count(*)::int from votes v where v.participant_id = p.id) as n
					from participants p where p.meeting_id = ${meeting.meetingId}`;
				for (const row of used) expect(row.votesUsed).toBe(row.n);
				socket.close();
			} finally {
				await second.stop();
			}
		} finally {
			await sql.end();
			await database.drop();
		}
	});
});
