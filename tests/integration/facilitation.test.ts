import { describe, expect, it } from 'vitest';
import { listNotes } from '../../src/lib/board/board';
import type { MeetingState, Priority } from '../../src/lib/protocol/commands';
import { ManualClock } from '../../src/lib/engine/clock';
import { createTestDatabase, startInProcessApp, startServerProcess, useInProcessApp, useTestApp } from './harness';
import { accepted, arrangeConnectedMeeting, arrangeMeeting, arrangeParticipant, boardClient, command, meetingSocket, noteId, until } from './board-fixtures';
import { connect } from '../../src/lib/server/db/sql';
import { io, type Socket } from 'socket.io-client';

const nextState = (socket: Socket, predicate: (s: MeetingState) => boolean = () => true) =>
	new Promise<MeetingState>((resolve) => {
		const on = (s: MeetingState) => {
			if (!predicate(s)) return;
			socket.off('meeting:state', on);
			resolve(s);
		};
		socket.on('meeting:state', on);
	});

describe('facilitating a meeting', () => {
	const app = useTestApp();

	it('every client gets the same timer from the server clock; pause, resume, extend and stop work', async () => {
		const { moderator, socket: participant } = await arrangeConnectedMeeting(app, 'Anna');

		const started = nextState(participant, (s) => s.timer.endsAt !== null);
		expect(await command(moderator, 'timer:start', { seconds: 300, autoAdvance: false })).toEqual({ ok: true });
		const running = (await started).timer;
		expect(running.endsAt! - running.serverNow).toBeGreaterThan(295_000);
		expect(running.endsAt! - running.serverNow).toBeLessThanOrEqual(300_000);

		const paused = nextState(participant, (s) => s.timer.remainingMs !== null);
		expect(await command(moderator, 'timer:pause', {})).toEqual({ ok: true });
		expect((await paused).timer).toMatchObject({ endsAt: null });
		const extended = nextState(participant, (s) => (s.timer.remainingMs ?? 0) > 300_000);
		expect(await command(moderator, 'timer:extend', { seconds: 60 })).toEqual({ ok: true });
		expect((await extended).timer.remainingMs).toBeGreaterThan(355_000);
		const resumed = nextState(participant, (s) => s.timer.endsAt !== null);
		expect(await command(moderator, 'timer:resume', {})).toEqual({ ok: true });
		expect((await resumed).timer.remainingMs).toBeNull();
		expect(await command(participant, 'timer:stop', {})).toMatchObject({ ok: false, code: 'FORBIDDEN' });
		const stopped = nextState(participant, (s) => s.timer.endsAt === null && s.timer.remainingMs === null);
		expect(await command(moderator, 'timer:stop', {})).toEqual({ ok: true });
		await stopped;
		moderator.close();
		participant.close();
	});

	it('a countdown belongs to its phase: changing the phase stops it', async () => {
		const meeting = await arrangeMeeting(app.sql);
		const moderator = await meetingSocket(app.url, meeting.meetingId, meeting.moderatorToken);
		expect(await command(moderator, 'timer:start', { seconds: 300, autoAdvance: false })).toEqual({ ok: true });
		const next = nextState(moderator, (s) => s.phase === 'group');
		expect(await command(moderator, 'meeting:phase', { phase: 'group' })).toMatchObject({ ok: true });
		expect((await next).timer).toMatchObject({ endsAt: null, remainingMs: null });
		moderator.close();
	});

	it('a hidden note leaves every board, its author is told why, and it can be restored; merges and the audit log work', async () => {
		const { meeting, participant: cid, moderator, socket: author } = await arrangeConnectedMeeting(app, 'Cid');
		const board = boardClient(app.url, meeting.meetingId, cid.token);
		await board.synced;
		const id = noteId();
		const duplicate = noteId();
		expect(await command(author, 'note:add', { id, text: 'Otrevlig kommentar' })).toEqual({ ok: true });
		expect(await command(author, 'note:add', { id: duplicate, text: 'Otrevlig kommentar igen' })).toEqual({ ok: true });

		const notice = new Promise((resolve) => author.once('moderation:notice', resolve));
		expect(await command(moderator, 'note:moderate', { noteId: id, action: 'hide', reason: 'Håll god ton' })).toEqual({ ok: true });
		expect(await notice).toEqual({ noteId: id, text: 'Otrevlig kommentar', status: 'hidden', reason: 'Håll god ton' });
		await until(board.doc, (doc) => !listNotes(doc).some((n) => n.id === id));
		expect(await command(moderator, 'note:moderate', { noteId: id, action: 'restore' })).toEqual({ ok: true });
		await until(board.doc, (doc) => listNotes(doc).some((n) => n.id === id));
		expect(await command(moderator, 'note:merge', { sourceId: duplicate, targetId: id })).toEqual({ ok: true });
		await until(board.doc, (doc) => !listNotes(doc).some((n) => n.id === duplicate));
		expect(await command(author, 'note:moderate', { noteId: id, action: 'remove' })).toMatchObject({ ok: false, code: 'FORBIDDEN' });

		const audit = accepted(await command(moderator, 'audit:list', {}));
		expect(audit.entries.map((e) => e.action)).toEqual(['note_merge', 'note_restore', 'note_hide']);
		expect(audit.entries[0].moderatorName).toBe('Maja Moderator');
		[moderator, author].forEach((s) => s.close());
		board.destroy();
	});

	it('ranking orders the clusters by votes, takes rationale and top marks, and closing freezes everything', async () => {
		const { meeting, moderator, socket: participant } = await arrangeConnectedMeeting(app, 'Dana', { phase: 'group' });
		for (const [cid, title] of [['c-a-000001', 'Bredband'], ['c-b-000001', 'Busslinjer']]) {
			expect((await command(moderator, 'cluster:create', { id: cid, title })).ok).toBe(true);
		}
		expect((await command(moderator, 'meeting:phase', { phase: 'vote' })).ok).toBe(true);
		expect(await command(participant, 'vote:place', { itemKind: 'cluster', itemId: 'c-b-000001', key: 'v-00000001' })).toEqual({ ok: true });
		const ranked = new Promise<Priority[]>((resolve) => participant.once('rank:priorities', resolve));
		const rankedForModerator = new Promise<Priority[]>((resolve) => moderator.once('rank:priorities', resolve));
		expect((await command(moderator, 'meeting:phase', { phase: 'rank' })).ok).toBe(true);
		// The votes are still hidden (issue 9, defect 7): the order is public, the counts are the moderators' alone.
		expect((await rankedForModerator).map((p) => [p.clusterId, p.votes])).toEqual([['c-b-000001', 1], ['c-a-000001', 0]]);
		expect((await ranked).map((p) => [p.clusterId, p.votes])).toEqual([['c-b-000001', null], ['c-a-000001', null]]);
		const latecomer = await arrangeParticipant(app.sql, meeting.meetingId, 'Eva');
		const late = io(`${app.url}/meeting`, { path: '/socket.io', auth: { meetingId: meeting.meetingId, token: latecomer.token }, transports: ['websocket'], forceNew: true });
		const lateList = await new Promise<Priority[]>((resolve) => late.once('rank:priorities', resolve));
		expect(lateList.map((p) => p.votes)).toEqual([null, null]);
		late.close();
		const revealed = new Promise<Priority[]>((resolve) => participant.once('rank:priorities', resolve));
		expect(await command(moderator, 'votes:reveal', {})).toEqual({ ok: true });
		expect((await revealed).map((p) => [p.clusterId, p.votes])).toEqual([['c-b-000001', 1], ['c-a-000001', 0]]);

		expect(await command(moderator, 'rank:order', { clusterIds: ['c-a-000001'] })).toMatchObject({ ok: false, code: 'VALIDATION' });
		expect(await command(moderator, 'rank:order', { clusterIds: ['c-a-000001', 'c-b-000001'] })).toEqual({ ok: true });
		expect(await command(moderator, 'rank:update', { clusterId: 'c-a-000001', rationale: 'Grunden för allt annat', isTop: true })).toEqual({ ok: true });
		expect(await command(participant, 'rank:order', { clusterIds: ['c-b-000001', 'c-a-000001'] })).toMatchObject({ ok: false, code: 'FORBIDDEN' });

		const closed = nextState(participant, (s) => s.phase === 'closed');
		expect(await command(moderator, 'meeting:phase', { phase: 'closed' })).toEqual({ ok: true, phase: 'closed' });
		expect((await closed).closedAt).not.toBeNull();
		const [row] = await app.sql`select closed_by from meetings where id = ${meeting.meetingId}`;
		expect(row.closedBy).toBe(meeting.moderatorId);
		expect(await command(moderator, 'rank:update', { clusterId: 'c-a-000001', isTop: false })).toMatchObject({ ok: false, code: 'PHASE_CLOSED' });
		expect(await command(moderator, 'note:add', { id: noteId(), text: 'För sent' })).toMatchObject({ ok: false, code: 'PHASE_CLOSED' });
		expect(await command(participant, 'vote:remove', { key: 'v-00000001' })).toMatchObject({ ok: false, code: 'PHASE_CLOSED' });
		const priorities = await app.sql`select cluster_id, position, rationale, is_top from priorities where meeting_id = ${meeting.meetingId} order by position`;
		expect(priorities).toEqual([
			{ clusterId: 'c-a-000001', position: 1, rationale: 'Grunden för allt annat', isTop: true },
			{ clusterId: 'c-b-000001', position: 2, rationale: '', isTop: false }
		]);
		moderator.close();
		participant.close();
	});

	it('the projector link opens the board read-only and can change nothing', async () => {
		const meeting = await arrangeMeeting(app.sql);
		const moderator = await meetingSocket(app.url, meeting.meetingId, meeting.moderatorToken);
		const link = accepted(await command(moderator, 'projector:link', {}));
		const key = new URL(link.path, app.url).searchParams.get('key')!;
		const projector = await meetingSocket(app.url, meeting.meetingId, key);
		expect(await command(projector, 'note:add', { id: noteId(), text: 'Från projektorn' })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
		expect(await command(projector, 'meeting:phase', { phase: 'group' })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
		const board = boardClient(app.url, meeting.meetingId, key);
		await board.synced;
		board.destroy();
		// Asking again shows the same link; replacing it makes a new one and the old one stops working.
		expect(await command(moderator, 'projector:link', {})).toMatchObject({ ok: true, path: link.path });
		await command(moderator, 'projector:link', { replace: true });
		await expect(meetingSocket(app.url, meeting.meetingId, key)).rejects.toThrow('UNAUTHENTICATED');
		moderator.close();
		projector.close();
	});
});

describe('timers on a clock the test moves (the app in this process)', () => {
	const app = useInProcessApp();

	it('an expiring timer advances the phase when the moderator chose so, and signals everyone', async () => {
		const meeting = await arrangeMeeting(app.sql);
		const moderator = await meetingSocket(app.url, meeting.meetingId, meeting.moderatorToken);
		const started = nextState(moderator, (s) => s.timer.endsAt !== null);
		expect(await command(moderator, 'timer:start', { seconds: 10, autoAdvance: true })).toEqual({ ok: true });
		const { endsAt } = (await started).timer;
		const expired = new Promise<{ advancedTo: string | null }>((resolve) => moderator.once('timer:expired', resolve));
		const advanced = nextState(moderator, (s) => s.phase === 'group');
		await app.clock.advance(endsAt! - app.clock.now());
		expect(await expired).toEqual({ advancedTo: 'group' });
		expect((await advanced).timer).toMatchObject({ endsAt: null, remainingMs: null });
		const [row] = await app.sql`select phase, timer_ends_at, timer_remaining_ms from meetings where id = ${meeting.meetingId}`;
		expect(row).toEqual({ phase: 'group', timerEndsAt: null, timerRemainingMs: null });
		moderator.close();
	});
});

describe('the timer survives a restart', () => {
	it('a timer that ran out while the server was down is handled when it starts', async () => {
		const database = await createTestDatabase();
		const sql = connect(database.url, { max: 2 });
		const first = await startServerProcess({ DATABASE_URL: database.url });
		const meeting = await arrangeMeeting(sql);
		const moderator = await meetingSocket(first.url, meeting.meetingId, meeting.moderatorToken);
		const started = nextState(moderator, (s) => s.timer.endsAt !== null);
		expect(await command(moderator, 'timer:start', { seconds: 600, autoAdvance: true })).toEqual({ ok: true });
		const { endsAt } = (await started).timer;
		moderator.close();
		first.process.kill('SIGKILL');
		await new Promise((r) => first.process.once('exit', r));
		// It comes back a second after the timer's end: the overdue timer is due on its clock's first tick.
		const second = await startInProcessApp({ databaseUrl: database.url, clock: new ManualClock(endsAt! + 1000) });
		try {
			const watcher = await meetingSocket(second.url, meeting.meetingId, meeting.moderatorToken);
			const expired = new Promise<{ advancedTo: string | null }>((resolve) => watcher.once('timer:expired', resolve));
			await second.clock.advance(0);
			expect(await expired).toEqual({ advancedTo: 'group' });
			watcher.close();
			const [row] = await sql`select phase, timer_ends_at from meetings where id = ${meeting.meetingId}`;
			expect(row).toEqual({ phase: 'group', timerEndsAt: null });
		} finally {
			await second.close();
			await sql.end();
			await database.drop();
		}
	});
});
