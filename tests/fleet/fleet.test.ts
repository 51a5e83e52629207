import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io, type Socket } from 'socket.io-client';
import WebSocket from 'ws';
import { listNotes, snapshot } from '../../src/lib/board/board';
import { getCluster } from '../../src/lib/board/read';
import { connect, type Sql } from '../../src/lib/server/db/sql';
import { randomJoinCode } from '../../src/lib/server/random-join-code';
import { startFleet } from '../../scripts/fleet.mjs';
import * as Y from 'yjs';
import { createPostgresBoardStore } from '../../server/board/store';
import { arrangeMeeting, arrangeParticipant, noteId } from '../integration/board-fixtures';
import { createTestDatabase, pollUntil } from '../integration/harness';
import {
	REDIS_URL,
	command,
	fleetAvailable,
	fleetBoard,
	fleetSocket,
	freePort,
	keepOpen,
	ownerOf,
	percentile,
	privateRedis,
	redisServerInstalled,
	tcpGate
} from './fleet-fixtures';

// Issue 10: three instances behind the shipped HAProxy configuration, one PostgreSQL, one Redis.
// Ports 4420–4423 (the proxy, then the instances); SAMLA_FLEET_TEST_PORT moves them, so that two
// runs of the suite on one machine do not collide.
const PROXY_PORT = Number(process.env.SAMLA_FLEET_TEST_PORT || 4420);
const available = await fleetAvailable();
if (!available.ok) console.warn(`Skipping the fleet suite: ${available.why}`);

type Fleet = Awaited<ReturnType<typeof startFleet>>;

describe.skipIf(!available.ok)('several instances serve one meeting over Redis', () => {
	let database: Awaited<ReturnType<typeof createTestDatabase>>;
	let sql: Sql;
	let redis: Redis;
	let fleet: Fleet;
	const { keep, closeAll } = keepOpen();

	beforeAll(async () => {
		database = await createTestDatabase();
		redis = new Redis(REDIS_URL);
		fleet = await startFleet({ count: 3, proxyPort: PROXY_PORT, databaseUrl: database.url, redisUrl: REDIS_URL, log: process.env.SAMLA_FLEET_LOG ? (line: string) => console.log(line) : undefined });
		sql = connect(database.url, { max: 4 });
	});
	afterAll(async () => {
		closeAll();
		await fleet?.stop();
		await sql?.end({ timeout: 1 });
		redis?.disconnect();
		await database?.drop();
	});

	const urls = () => fleet.instances.map((i) => i.url);

	/** Opens the meeting through the proxy (so some instance takes it) and returns its owner. */
	async function ownerOfAfterConnecting(meetingId: string, token: string): Promise<string | null> {
		const socket = keep(await fleetSocket(fleet.url, meetingId, token));
		socket.close();
		return ownerOf(redis, meetingId);
	}

	it('answers HAProxy\'s default health check (HTTP/1.0, no Host) on liveness and readiness, without PostgreSQL for liveness', async () => {
		for (const url of urls()) {
			const { port } = new URL(url);
			for (const path of ['/livez', '/readyz']) {
				const answer = await rawHttp10(Number(port), `GET ${path} HTTP/1.0\r\n\r\n`);
				expect(answer).toMatch(/^HTTP\/1\.1 200 /);
			}
			expect(await rawHttp10(Number(port), 'OPTIONS / HTTP/1.0\r\n\r\n')).toMatch(/^HTTP\/1\.1 2\d\d /);
		}
		expect(await (await fetch(`${fleet.url}/readyz`)).json()).toEqual({ status: 'ok', database: 'up', redis: 'up' });
	});

	it('an idea posted through A reaches a board client connected through C, with 60 participants entering through every instance; exactly one instance owns the meeting', async () => {
		const meeting = await arrangeMeeting(sql);
		const people = await Promise.all(Array.from({ length: 60 }, (_, i) => arrangeParticipant(sql, meeting.meetingId, `P${i}`)));
		const [a, b, c] = urls();
		const sockets = await Promise.all(people.map((p, i) => fleetSocket(urls()[i % 3], meeting.meetingId, p.token).then(keep)));
		const watchers = [a, b, c, fleet.url].map((url) => keep(fleetBoard(url, meeting.meetingId, people[0].token)));
		await Promise.all(watchers.map((w) => w.synced));
		const owner = await ownerOf(redis, meeting.meetingId);
		expect(urls()).toContain(owner);

		const atC = watchers[2];
		const latencies: number[] = [];
		const acks: number[] = [];
		for (let i = 0; i < 30; i++) {
			const id = noteId();
			const sent = performance.now();
			const seen = new Promise<void>((resolve) => {
				const check = () => {
					if (!atC.doc.getMap('notes').has(id)) return;
					atC.doc.off('update', check);
					resolve();
				};
				atC.doc.on('update', check);
			});
			const author = sockets[(i * 3) % 60]; // entered through A
			const ack = await command(author, 'note:add', { id, text: `Idé ${i}` });
			acks.push(performance.now() - sent);
			expect(ack).toEqual({ ok: true });
			await seen;
			latencies.push(performance.now() - sent);
		}
		console.log(
			`fleet: idea A → board at C p95 ${percentile(latencies, 95).toFixed(0)} ms, p99 ${percentile(latencies, 99).toFixed(0)} ms; ack p95 ${percentile(acks, 95).toFixed(0)} ms (owner ${owner})`
		);
		// Every instance's board client holds the same board, and the meeting was never loaded twice.
		await pollUntil(() => watchers.map((w) => listNotes(w.doc).length), (n) => n.every((x) => x === 30), 'every board client to hold the 30 ideas');
		const boards = watchers.map((w) => JSON.stringify(snapshot(w.doc)));
		expect(new Set(boards).size).toBe(1);
		const [{ ownerEpoch }] = await sql<{ ownerEpoch: string }[]>`select owner_epoch from meetings where id = ${meeting.meetingId}`;
		expect(Number(ownerEpoch)).toBe(1);
		for (const s of sockets) s.close();
		for (const w of watchers) w.destroy();
	});

	it('2 000 mixed commands through all three instances, with compactions: the stored board equals the owner\'s live board and no acknowledged idea is missing', async () => {
		const meeting = await arrangeMeeting(sql);
		const people = await Promise.all(Array.from({ length: 60 }, (_, i) => arrangeParticipant(sql, meeting.meetingId, `M${i}`)));
		const sockets = await Promise.all(people.map((p, i) => fleetSocket(urls()[i % 3], meeting.meetingId, p.token).then(keep)));
		const moderators = await Promise.all(urls().map((url) => fleetSocket(url, meeting.meetingId, meeting.moderatorToken).then(keep)));
		const acknowledged: string[] = [];
		let sent = 0;
		const clusters = Array.from({ length: 20 }, (_, i) => `c-mix-${String(i).padStart(4, '0')}`);
		// The moderators (one per instance): 20 clusters, then 160 moves of the participants' ideas.
		const moderating = (async () => {
			for (const [i, id] of clusters.entries()) {
				sent++;
				expect(await command(moderators[i % 3], 'cluster:create', { id, title: `Grupp ${i}` })).toEqual({ ok: true });
			}
		})();
		// Every participant: 20 ideas and 10 edits of their own (1 800 commands).
		await Promise.all(
			sockets.map(async (socket, p) => {
				const mine: string[] = [];
				for (let i = 0; i < 30; i++) {
					sent++;
					if (i % 3 === 2) {
						const id = mine[i % mine.length];
						expect(await command(socket, 'note:edit', { id, text: `Ändrad ${p}-${i}` })).toEqual({ ok: true });
					} else {
						const id = noteId();
						expect(await command(socket, 'note:add', { id, text: `Idé ${p}-${i}` })).toEqual({ ok: true });
						mine.push(id);
						acknowledged.push(id);
					}
				}
			})
		);
		await moderating;
		// The moves one after another, through the three instances in turn: each is an append of its
		// own, so that with the participants' (at least 1 800 / 60) the owner appends more than the 200
		// after which it compacts. Sent at once, commands share an append: three moderators moving in
		// parallel left a loaded CI machine with fewer than 200 appends and no compaction.
		for (let i = 0; i < 180; i++) {
			sent++;
			expect(await command(moderators[i % 3], 'note:move', { id: acknowledged[i * 6], clusterId: clusters[i % 20] })).toEqual({ ok: true });
		}
		expect(sent).toBe(2000);
		const live = keep(fleetBoard(fleet.url, meeting.meetingId, people[0].token));
		await live.synced;
		// What PostgreSQL holds: the snapshot of the last compaction (written after the commit that
		// set it off, not awaited by it) plus the log after it.
		await pollUntil(
			async () => (await sql<{ throughId: string }[]>`select through_id from board_snapshots where meeting_id = ${meeting.meetingId}`)[0],
			(snap) => Number(snap?.throughId ?? 0) > 0,
			'a compaction of the board'
		);
		const stored = new Y.Doc();
		const { updates } = await createPostgresBoardStore(sql).load(meeting.meetingId);
		for (const update of updates) Y.applyUpdate(stored, update);
		expect(snapshot(stored)).toEqual(snapshot(live.doc));
		const ids = new Set(listNotes(stored).map((n) => n.id));
		expect(acknowledged.filter((id) => !ids.has(id))).toEqual([]);
		for (const s of [...sockets, ...moderators]) s.close();
		// It took 28–52 s at load averages of 12–15 on 2 cores, once 60 s: given two minutes.
	}, 120_000);

	it('every vote sent twice with the same key through two instances at once counts once; budget and cap hold; every instance sees the same tallies', async () => {
		const meeting = await arrangeMeeting(sql, { phase: 'group' });
		await sql`update meetings set votes_per_participant = 3, max_votes_per_item = 2, votes_revealed_at = now() where id = ${meeting.meetingId}`;
		const [a, b, c] = urls();
		const moderator = keep(await fleetSocket(a, meeting.meetingId, meeting.moderatorToken));
		for (const id of ['c-fleet-0001', 'c-fleet-0002']) expect((await command(moderator, 'cluster:create', { id, title: id })).ok).toBe(true);
		expect(await command(moderator, 'meeting:phase', { phase: 'vote' })).toEqual({ ok: true, phase: 'vote' });
		const voters = await Promise.all(Array.from({ length: 12 }, (_, i) => arrangeParticipant(sql, meeting.meetingId, `V${i}`)));
		const results = await Promise.all(
			voters.map(async (voter) => {
				const viaB = keep(await fleetSocket(b, meeting.meetingId, voter.token));
				const viaC = keep(await fleetSocket(c, meeting.meetingId, voter.token));
				const sent: Promise<unknown>[] = [];
				// Four votes, each twice at once; the budget (3) and the cap (2 per item) must hold.
				for (let v = 0; v < 4; v++) {
					const vote = { itemKind: 'cluster', itemId: v % 2 ? 'c-fleet-0002' : 'c-fleet-0001', key: `v-${randomUUID()}` };
					sent.push(command(viaB, 'vote:place', vote), command(viaC, 'vote:place', vote));
				}
				await Promise.all(sent);
				return [viaB, viaC];
			})
		);
		const rows = await sql<{ participantId: string; n: number; used: number }[]>`
			select p.id as participant_id, (select count(*)::int from votes v where v.participant_id = p.id) as n, p.votes_used as used
			from participants p where p.meeting_id = ${meeting.meetingId}`;
		for (const row of rows) {
			expect(row.n).toBe(3);
			expect(row.used).toBe(3);
		}
		const perItem = await sql<{ n: number }[]>`select count(*)::int as n from votes where meeting_id = ${meeting.meetingId} group by participant_id, item_id`;
		expect(Math.max(...perItem.map((r) => r.n))).toBeLessThanOrEqual(2);
		// Tallies as each instance's clients see them (the sockets of a voter on B and on C).
		const tallies = await Promise.all(
			[a, b, c].map(async (url) => {
				const s = keep(await fleetSocketWithTallies(url, meeting.meetingId, voters[0].token));
				return s.tallies;
			})
		);
		expect(new Set(tallies.map((t) => JSON.stringify(t))).size).toBe(1);
		for (const pair of results) pair.forEach((s) => s.close());
	});

	it('ten wrong join codes from one browser spread over the three instances: the eleventh gets 429', async () => {
		const cookie = `samla_client=${randomUUID().replaceAll('-', '')}`;
		const statuses: number[] = [];
		for (let i = 0; i < 11; i++) {
			const response = await fetch(`${urls()[i % 3]}/api/v1/join`, {
				method: 'POST',
				headers: { 'content-type': 'application/json', cookie, 'x-forwarded-for': '10.20.30.40', origin: fleet.url },
				body: JSON.stringify({ code: randomJoinCode(), displayName: 'Gissaren', attendance: 'remote' })
			});
			await response.arrayBuffer();
			statuses.push(response.status);
		}
		expect(statuses).toEqual([...Array(10).fill(404), 429]);
	});

	it('removing a participant and purging a meeting through B while A owns it reach every connection of the meeting', async () => {
		const meeting = await arrangeMeeting(sql);
		const anna = await arrangeParticipant(sql, meeting.meetingId, 'Anna');
		const bo = await arrangeParticipant(sql, meeting.meetingId, 'Bo');
		const annaSocket = keep(await fleetSocket(fleet.url, meeting.meetingId, anna.token, { reconnection: false }));
		const annaBoard = keep(fleetBoard(fleet.url, meeting.meetingId, anna.token));
		const boBoard = keep(fleetBoard(fleet.url, meeting.meetingId, bo.token));
		await Promise.all([annaBoard.synced, boBoard.synced]);
		const owner = await ownerOf(redis, meeting.meetingId);
		const elsewhere = urls().find((u) => u !== owner)!;
		const page = `${elsewhere}/processes/${meeting.processId}/meetings/${meeting.meetingId}`;
		const form = (action: string, fields: Record<string, string>) =>
			fetch(`${page}?/${action}`, {
				method: 'POST',
				redirect: 'manual',
				headers: { origin: fleet.url, cookie: `samla_session=${meeting.moderatorToken}`, 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
				body: new URLSearchParams(fields)
			});

		const ended = new Promise<string>((resolve) => annaSocket.once('session:ended', resolve));
		const boardClosed = new Promise<number>((resolve) => annaBoard.provider.on('connection-close', (event: CloseEvent | null) => resolve(event?.code ?? 0)));
		const sent = performance.now();
		expect((await form('removeParticipant', { participantId: anna.id })).status).toBe(200);
		expect(await ended).toBe('removed');
		expect(await boardClosed).toBe(4401);
		console.log(`fleet: removal through ${elsewhere} reached ${owner}'s connections in ${(performance.now() - sent).toFixed(0)} ms`);

		// Purge (of a closed meeting): the owner reloads the rewritten board, its board clients resync.
		await sql`update meetings set phase = 'closed', closed_at = now() where id = ${meeting.meetingId}`;
		const reloaded = new Promise<number>((resolve) => boBoard.provider.on('connection-close', (event: CloseEvent | null) => resolve(event?.code ?? 0)));
		expect((await form('purge', { confirm: 'yes' })).status).toBe(200);
		expect(await reloaded).toBe(1001);
	});

	it('kill -9 of the owner with 20 commands in flight: the meeting is served again, nothing acknowledged is lost, retries count once', async () => {
		const meeting = await arrangeMeeting(sql);
		const people = await Promise.all(Array.from({ length: 5 }, (_, i) => arrangeParticipant(sql, meeting.meetingId, `K${i}`)));
		const sockets = await Promise.all(people.map((p) => fleetSocket(fleet.url, meeting.meetingId, p.token).then(keep)));
		const owner = await ownerOf(redis, meeting.meetingId);
		const victim = fleet.instances.find((i) => i.url === owner)!;
		const ids = Array.from({ length: 20 }, () => noteId());
		const acknowledged = new Set<string>();
		try {
			const firstTries = ids.map((id, i) =>
				command(sockets[i % 5], 'note:add', { id, text: `Idé ${i}` }, 3000).then(
					(ack) => ack.ok && acknowledged.add(id),
					() => undefined
				)
			);
			await pollUntil(() => acknowledged.size, (n) => n >= 3, 'a few acknowledgements before the kill', 10_000);
			const killedAt = performance.now();
			void victim.stop('SIGKILL'); // awaited in finally, before the restart
			const beforeKill = new Set(acknowledged);
			await Promise.all(firstTries);
			// The outbox: every unacknowledged command again, until acknowledged.
			let servedAgainMs = 0;
			await Promise.all(
				ids.map(async (id, i) => {
					if (acknowledged.has(id)) return;
					await untilAcked(sockets[i % 5], 'note:add', { id, text: `Idé ${i}` });
					servedAgainMs ||= performance.now() - killedAt;
					acknowledged.add(id);
				})
			);
			console.log(`fleet: kill -9 of ${owner}: ${beforeKill.size} acknowledged before, the meeting answered again after ${servedAgainMs.toFixed(0)} ms`);
			const fresh = keep(fleetBoard(fleet.url, meeting.meetingId, people[0].token));
			await fresh.synced;
			const notes = listNotes(fresh.doc).map((n) => n.id);
			expect(notes.sort()).toEqual([...ids].sort());
			expect(await ownerOf(redis, meeting.meetingId)).not.toBe(owner);
		} finally {
			// Whatever failed, the next tests get three instances.
			await victim.stop('SIGKILL');
			await victim.restart();
		}
	});

	it('the owner paused (SIGSTOP) beyond its lease: a sibling takes over under a new epoch, and when the old owner resumes its write is refused and it closes its connections', async () => {
		const meeting = await arrangeMeeting(sql);
		const anna = await arrangeParticipant(sql, meeting.meetingId, 'Anna');
		const owner = (await ownerOfAfterConnecting(meeting.meetingId, anna.token))!;
		const paused = fleet.instances.find((i) => i.url === owner)!;
		const sibling = urls().find((u) => u !== owner)!;
		// Connected straight to the owner (no proxy in between, so nothing else closes them).
		const direct = keep(await fleetSocket(owner, meeting.meetingId, anna.token, { reconnection: false }));
		const directBoard = new WebSocket(`${owner.replace(/^http/, 'ws')}/yjs/${meeting.meetingId}?meeting=${meeting.meetingId}&token=${anna.token}`);
		await new Promise((resolve) => directBoard.once('message', resolve));
		const boardClosed = new Promise<number>((resolve) => directBoard.once('close', (code) => resolve(code)));
		const socketGone = new Promise<void>((resolve) => direct.once('disconnect', () => resolve()));

		paused.process.kill('SIGSTOP');
		try {
			await pollUntil(() => ownerOf(redis, meeting.meetingId), (o) => o === null, 'the paused owner\'s lease to expire', 15_000);
			// Sent to the paused owner now: it reads it only after it resumes, under its old epoch.
			const late = noteId();
			const lateAck = command(direct, 'note:add', { id: late, text: 'Från den pausade' }, 5000).catch(() => 'no answer');
			const taker = keep(await fleetSocket(sibling, meeting.meetingId, anna.token));
			expect(await command(taker, 'note:add', { id: noteId(), text: 'Hos den nya ägaren' })).toEqual({ ok: true });
			expect(await ownerOf(redis, meeting.meetingId)).toBe(sibling);
			const resumedAt = performance.now();
			paused.process.kill('SIGCONT');
			expect(await boardClosed).toBe(1012);
			await socketGone;
			console.log(`fleet: the resumed former owner closed its connections after ${(performance.now() - resumedAt).toFixed(0)} ms`);
			// Never acknowledged: no answer (its room was dropped), or refused while the resumed process sheds load.
			expect(await lateAck).not.toMatchObject({ ok: true });
			const [{ ownerEpoch }] = await sql<{ ownerEpoch: string }[]>`select owner_epoch from meetings where id = ${meeting.meetingId}`;
			expect(Number(ownerEpoch)).toBe(2);
			const board = keep(fleetBoard(sibling, meeting.meetingId, anna.token));
			await board.synced;
			expect(board.doc.getMap('notes').has(late)).toBe(false);
		} finally {
			paused.process.kill('SIGCONT');
		}
	});

	it('a rolling SIGTERM of every instance in turn: always one owner, planned reconnects, late joiners up to date', async () => {
		const meeting = await arrangeMeeting(sql);
		const people = await Promise.all(Array.from({ length: 6 }, (_, i) => arrangeParticipant(sql, meeting.meetingId, `R${i}`)));
		const sockets = await Promise.all(people.map((p) => fleetSocket(fleet.url, meeting.meetingId, p.token).then(keep)));
		const watcher = keep(fleetBoard(fleet.url, meeting.meetingId, people[0].token));
		await watcher.synced;
		const posted: string[] = [];
		for (const instance of fleet.instances) {
			const id = noteId();
			await untilAcked(sockets[posted.length % 6], 'note:add', { id, text: `Före ${instance.url}` });
			posted.push(id);
			const reconnected = sockets.map((s) => new Promise<number>((resolve) => s.once('disconnect', () => {
				const lost = performance.now();
				s.once('ready', () => resolve(performance.now() - lost));
			})));
			const wasOwner = (await ownerOf(redis, meeting.meetingId)) === instance.url;
			await instance.stop('SIGTERM');
			if (wasOwner) {
				const times = await Promise.all(reconnected);
				console.log(`fleet: SIGTERM of the owner ${instance.url}: sockets ready again after at most ${Math.max(...times).toFixed(0)} ms`);
			}
			// A late joiner through the proxy holds every acknowledged idea.
			const late = keep(fleetBoard(fleet.url, meeting.meetingId, people[1].token));
			await late.synced;
			for (const p of posted) expect(late.doc.getMap('notes').has(p)).toBe(true);
			late.destroy();
			const owners = await Promise.all([ownerOf(redis, meeting.meetingId)]);
			expect(owners.filter(Boolean).length).toBeLessThanOrEqual(1);
			await instance.restart();
		}
		await pollUntil(() => listNotes(watcher.doc).length, (n) => n === posted.length, 'the watcher to hold every idea after the rolling restart');
	});

	it('a timer that runs out while its owner is dead fires exactly once, auto-advance included, once a sibling sees it', async () => {
		const meeting = await arrangeMeeting(sql);
		const moderator = keep(await fleetSocket(fleet.url, meeting.meetingId, meeting.moderatorToken));
		// The shortest timer there is: it runs out ten seconds from now, with nobody alive who scheduled it.
		expect(await command(moderator, 'timer:start', { seconds: 10, autoAdvance: true })).toEqual({ ok: true });
		const ranOutAt = performance.now() + 10_000;
		const owner = await ownerOf(redis, meeting.meetingId);
		const victim = fleet.instances.find((i) => i.url === owner)!;
		await victim.stop('SIGKILL');
		// The phase change is audited last, after its effects (reveal, projection): wait for that row.
		await pollUntil(
			() => sql<{ n: number }[]>`select count(*)::int as n from audit_log where meeting_id = ${meeting.meetingId} and action = 'phase'`,
			([row]) => row.n > 0,
			'the timer to advance the meeting to grouping',
			30_000
		);
		console.log(`fleet: a timer whose owner was killed advanced the meeting ${(performance.now() - ranOutAt).toFixed(0)} ms after it ran out`);
		// One expiry: one phase change in the audit log, and no running timer left that could expire again.
		const audits = await sql<{ n: number }[]>`select count(*)::int as n from audit_log where meeting_id = ${meeting.meetingId} and action = 'phase'`;
		expect(audits[0].n).toBe(1);
		const [row] = await sql<{ phase: string; timerEndsAt: Date | null }[]>`select phase, timer_ends_at from meetings where id = ${meeting.meetingId}`;
		expect(row).toEqual({ phase: 'group', timerEndsAt: null });
		await victim.restart();
	});

	it('a timer whose auto-advance fails in PostgreSQL keeps running with it: expiry and advance commit together, once — one audit row, the phase advanced', async () => {
		const meeting = await arrangeMeeting(sql);
		const moderator = keep(await fleetSocket(fleet.url, meeting.meetingId, meeting.moderatorToken));
		// The phase change's audit row is refused for this meeting, as a failing write would be; a
		// sequence (outside every transaction) counts the tries.
		const refusals = `fleet_refusals_${meeting.meetingId.replaceAll('-', '')}`;
		await sql.unsafe(`create sequence ${refusals}`);
		await sql.unsafe(`
			create function ${refusals}() returns trigger language plpgsql as $$
			begin perform nextval('${refusals}'); raise exception 'audit refused by the test'; end $$`);
		await sql.unsafe(`
			create trigger ${refusals} before insert on audit_log for each row
			when (new.meeting_id = '${meeting.meetingId}' and new.action = 'phase') execute function ${refusals}()`);
		try {
			expect(await command(moderator, 'timer:start', { seconds: 10, autoAdvance: true })).toEqual({ ok: true });
			const tries = () => sql.unsafe<{ n: string }[]>(`select case when is_called then last_value else 0 end as n from ${refusals}`);
			await pollUntil(tries, ([row]) => Number(row.n) >= 2, 'two refused tries of the auto-advance', 25_000);
			// Rolled back with the advance: the timer has not expired, so it is tried again.
			const [during] = await sql<{ phase: string; running: boolean }[]>`
				select phase, timer_ends_at is not null as running from meetings where id = ${meeting.meetingId}`;
			expect(during).toEqual({ phase: 'brainstorm', running: true });
		} finally {
			await sql.unsafe(`drop trigger ${refusals} on audit_log`);
		}
		const expired = new Promise<{ advancedTo: string | null }>((resolve) => moderator.once('timer:expired', resolve));
		await pollUntil(
			() => sql<{ n: number }[]>`select count(*)::int as n from audit_log where meeting_id = ${meeting.meetingId} and action = 'phase'`,
			([row]) => row.n > 0,
			'the timer to advance the meeting once the audit row can be written',
			15_000
		);
		expect(await expired).toEqual({ advancedTo: 'group' });
		const [row] = await sql<{ phase: string; timerEndsAt: Date | null; timerRemainingMs: number | null }[]>`
			select phase, timer_ends_at, timer_remaining_ms from meetings where id = ${meeting.meetingId}`;
		expect(row).toEqual({ phase: 'group', timerEndsAt: null, timerRemainingMs: null });
		const audits = await sql<{ n: number }[]>`select count(*)::int as n from audit_log where meeting_id = ${meeting.meetingId} and action = 'phase'`;
		expect(audits[0].n).toBe(1);
	});

	it('a phase change that reveals ideas, refused by the fencing epoch (a sibling took the meeting over in PostgreSQL): not acknowledged, nothing written, the room dropped; sent again it commits once under the next epoch', async () => {
		const meeting = await arrangeMeeting(sql, { private: true });
		const anna = await arrangeParticipant(sql, meeting.meetingId, 'Anna');
		const owner = (await ownerOfAfterConnecting(meeting.meetingId, anna.token))!;
		const annaSocket = keep(await fleetSocket(owner, meeting.meetingId, anna.token));
		const ideas = [noteId(), noteId()];
		for (const id of ideas) expect(await command(annaSocket, 'note:add', { id, text: `Privat ${id.slice(-4)}` })).toEqual({ ok: true });
		const moderator = keep(await fleetSocket(owner, meeting.meetingId, meeting.moderatorToken, { reconnection: false }));
		const board = keep(new WebSocket(`${owner.replace(/^http/, 'ws')}/yjs/${meeting.meetingId}?meeting=${meeting.meetingId}&token=${anna.token}`));
		await new Promise((resolve) => board.once('message', resolve));
		const boardClosed = new Promise<number>((resolve) => board.once('close', (code) => resolve(code)));
		const [{ ownerEpoch: before }] = await sql<{ ownerEpoch: string }[]>`select owner_epoch from meetings where id = ${meeting.meetingId}`;

		// What a sibling's takeover does in PostgreSQL, before the owner has noticed its lease is gone.
		await sql`update meetings set owner_epoch = owner_epoch + 1 where id = ${meeting.meetingId}`;
		const answer = await command(moderator, 'meeting:phase', { phase: 'group' }, 5000).catch((error: Error) => `no answer (${error.message})`);
		expect(answer).toMatch(/^no answer/);
		expect(await boardClosed).toBe(1012);
		const [after] = await sql<{ phase: string; privateNotes: number; audits: number }[]>`
			select m.phase,
				(select count(*)::int from notes n where n.meeting_id = m.id and n.visibility = 'private') as private_notes,
				(select count(*)::int from audit_log a where a.meeting_id = m.id and a.action = 'phase') as audits
			from meetings m where m.id = ${meeting.meetingId}`;
		expect(after).toEqual({ phase: 'brainstorm', privateNotes: 2, audits: 0 });

		// The outbox sends it again, through the proxy: the meeting is claimed anew and the change commits once.
		const again = keep(await fleetSocket(fleet.url, meeting.meetingId, meeting.moderatorToken));
		expect(await command(again, 'meeting:phase', { phase: 'group' })).toEqual({ ok: true, phase: 'group' });
		const [done] = await sql<{ phase: string; ownerEpoch: string; audits: number }[]>`
			select m.phase, m.owner_epoch,
				(select count(*)::int from audit_log a where a.meeting_id = m.id and a.action = 'phase') as audits
			from meetings m where m.id = ${meeting.meetingId}`;
		expect(done).toEqual({ phase: 'group', ownerEpoch: String(Number(before) + 2), audits: 1 });
		const fresh = keep(fleetBoard(fleet.url, meeting.meetingId, anna.token));
		await fresh.synced;
		expect(listNotes(fresh.doc).map((n) => n.id).sort()).toEqual([...ideas].sort());
	});
});

// Acceptance point 8: the same three instances and proxy (started after the fleet above stopped,
// on the same ports), but with a Redis and a PostgreSQL the suite may take away: a private
// `redis-server` killed with -9 for 10 s (where that binary is missing: a relay to the machine's
// Redis, cut for 10 s), and PostgreSQL behind a relay that is cut (every connection reset, new ones
// refused) for 5 s and restored, as a restart looks to its clients.
describe.skipIf(!available.ok)('the fleet rides out Redis killed for 10 s and a PostgreSQL restart', () => {
	let database: Awaited<ReturnType<typeof createTestDatabase>>;
	let sql: Sql;
	let redis: Redis;
	let fleet: Fleet;
	let pgGate: Awaited<ReturnType<typeof tcpGate>>;
	let redisOutage: { url: string; down(): Promise<void>; up(): Promise<void>; close(): void };
	const { keep, closeAll } = keepOpen();

	beforeAll(async () => {
		database = await createTestDatabase();
		sql = connect(database.url, { max: 4 });
		const direct = new URL(database.url);
		pgGate = await tcpGate({ host: direct.hostname, port: Number(direct.port || 5432) });
		const throughGate = new URL(database.url);
		throughGate.hostname = '127.0.0.1';
		throughGate.port = String(pgGate.port);
		if (redisServerInstalled()) {
			const own = privateRedis(await freePort());
			await own.start();
			redisOutage = { url: own.url, down: () => own.kill(), up: () => own.start(), close: () => void own.kill() };
		} else {
			const machine = new URL(REDIS_URL);
			const gate = await tcpGate({ host: machine.hostname, port: Number(machine.port || 6379) });
			redisOutage = { url: `redis://127.0.0.1:${gate.port}`, down: () => gate.cut(), up: () => gate.restore(), close: () => gate.close() };
		}
		// The suite's own view of the leases, reconnecting as soon as the instances do (ioredis's
		// default backoff grows to 2 s, and the first probe after the outage waited for it).
		redis = new Redis(redisOutage.url, { retryStrategy: (times) => Math.min(times * 50, 200) });
		redis.on('error', () => undefined);
		fleet = await startFleet({ count: 3, proxyPort: PROXY_PORT, databaseUrl: throughGate.toString(), redisUrl: redisOutage.url, log: process.env.SAMLA_FLEET_LOG ? (line: string) => console.log(line) : undefined });
	});
	afterAll(async () => {
		closeAll();
		await fleet?.stop();
		redis?.disconnect();
		redisOutage?.close();
		pgGate?.close();
		await sql?.end({ timeout: 1 });
		await database?.drop();
	});

	const urls = () => fleet.instances.map((i) => i.url);

	/**
	 * Participants who post ideas through every instance (straight to the instance, which forwards
	 * to the owner), each idea sent again until acknowledged, one every half second at most (people
	 * typing), up to 45 each (the limit per participant is 50).
	 */
	function writers(sockets: Socket[]) {
		const acknowledged = new Set<string>();
		let going = true;
		const done = Promise.all(
			sockets.map(async (socket, w) => {
				for (let i = 0; going && i < 45; i++) {
					const id = noteId();
					const sent = performance.now();
					await untilAcked(socket, 'note:add', { id, text: `Idé ${w}-${i}` }, 60_000);
					acknowledged.add(id);
					await new Promise((r) => setTimeout(r, Math.max(0, 500 - (performance.now() - sent))));
				}
			})
		);
		// A writer that fails fails the test when it is stopped, not as an unhandled rejection.
		done.catch(() => undefined);
		return {
			acknowledged,
			stop: () => {
				going = false;
				return done;
			}
		};
	}

	/** Participants connected through the proxy before an outage, each to be removed once as a probe. */
	async function probes(meeting: Awaited<ReturnType<typeof arrangeMeeting>>, count: number) {
		return Promise.all(
			Array.from({ length: count }, async (_, i) => {
				const person = await arrangeParticipant(sql, meeting.meetingId, `Prov ${i}`);
				const socket = keep(await fleetSocket(fleet.url, meeting.meetingId, person.token));
				let endedAt = 0;
				socket.on('session:ended', () => (endedAt ||= performance.now()));
				return { id: person.id, endedAt: () => endedAt };
			})
		);
	}

	/**
	 * How long after `since` a message crosses instances again: a probe participant is removed
	 * through an instance that does not own the meeting, and `session:ended` must reach their socket
	 * (reconnected by itself if the meeting moved) on the owner through Redis. The next probe is
	 * removed every 300 ms until one message arrives; the earliest arrival counts.
	 */
	async function crossInstanceAgain(meeting: Awaited<ReturnType<typeof arrangeMeeting>>, since: number, people: Awaited<ReturnType<typeof probes>>): Promise<number> {
		const arrived = () => Math.min(...people.map((p) => p.endedAt() || Infinity));
		const removals: Promise<unknown>[] = [];
		for (const person of people) {
			if (arrived() < Infinity) break;
			const owner = await ownerOf(redis, meeting.meetingId).catch(() => null);
			const elsewhere = urls().find((u) => u !== owner)!;
			removals.push(
				fetch(`${elsewhere}/processes/${meeting.processId}/meetings/${meeting.meetingId}?/removeParticipant`, {
					method: 'POST',
					redirect: 'manual',
					headers: { origin: fleet.url, cookie: `samla_session=${meeting.moderatorToken}`, 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
					body: new URLSearchParams({ participantId: person.id })
				}).then((r) => r.arrayBuffer(), () => undefined)
			);
			// The next probe in 300 ms, unless this one crosses first (then the loop ends).
			await pollUntil(arrived, (at) => at < Infinity, 'a probe to cross instances', 300).catch(() => undefined);
		}
		await Promise.all(removals);
		await pollUntil(arrived, (at) => at < Infinity, 'a message to cross instances', 5000).catch(() => undefined);
		if (arrived() === Infinity) throw new Error(`No message crossed instances in ${people.length} removals`);
		return arrived() - since;
	}

	async function ownerEpoch(meetingId: string): Promise<number> {
		const [row] = await sql<{ ownerEpoch: string }[]>`select owner_epoch from meetings where id = ${meetingId}`;
		return Number(row.ownerEpoch);
	}

	/** Every acknowledged idea is in what PostgreSQL holds and on a board client that joins now. */
	async function expectAllStored(meetingId: string, token: string, acknowledged: Iterable<string>) {
		const { updates } = await createPostgresBoardStore(sql).load(meetingId);
		const stored = new Y.Doc();
		for (const update of updates) Y.applyUpdate(stored, update);
		const storedIds = new Set(listNotes(stored).map((n) => n.id));
		const late = keep(fleetBoard(fleet.url, meetingId, token));
		await late.synced;
		const liveIds = new Set(listNotes(late.doc).map((n) => n.id));
		expect([...acknowledged].filter((id) => !storedIds.has(id))).toEqual([]);
		expect([...acknowledged].filter((id) => !liveIds.has(id))).toEqual([]);
	}

	it('Redis killed for 10 s: the owner keeps serving, nothing acknowledged is lost, messages cross instances again once it returns', async () => {
		const meeting = await arrangeMeeting(sql);
		const people = await Promise.all(Array.from({ length: 6 }, (_, i) => arrangeParticipant(sql, meeting.meetingId, `W${i}`)));
		const sockets = await Promise.all(people.map((p, i) => fleetSocket(urls()[i % 3], meeting.meetingId, p.token).then(keep)));
		const owner = await ownerOf(redis, meeting.meetingId);
		expect(urls()).toContain(owner);
		const epochBefore = await ownerEpoch(meeting.meetingId);
		const probing = await probes(meeting, 30);
		const writing = writers(sockets);
		await pollUntil(() => writing.acknowledged.size, (n) => n >= 10, 'ideas acknowledged before the outage');

		await redisOutage.down();
		const before = writing.acknowledged.size;
		// The outage itself: ten seconds without Redis (not a wait for something to happen).
		await new Promise((r) => setTimeout(r, 10_000));
		const during = writing.acknowledged.size - before;
		// up() resolves once Redis answers again (a private redis-server: its PING; the relay: listening),
		// so the time it took to start under load is not counted.
		await redisOutage.up();
		const upAt = performance.now();
		const back = await crossInstanceAgain(meeting, upAt, probing);
		await pollUntil(() => writing.acknowledged.size, (n) => n >= before + during + 10, 'ideas acknowledged after Redis returned', 20_000);
		await writing.stop();
		console.log(`fleet: Redis killed for 10 s: ${during} ideas acknowledged during the outage; messages crossed instances again ${back.toFixed(0)} ms after it returned`);
		expect(during).toBeGreaterThan(0);
		// Acceptance point 8's bound for the scenario (not a micro-timing): back within 5 s. Measured
		// 0.29–2.4 s in seventeen runs at load 9–12 on 2 cores since a vanished lease is taken back
		// (docs/FLEET.md).
		expect(back).toBeLessThan(5000);
		// The owner took its lease back: the meeting never moved, nobody bumped its epoch.
		await pollUntil(() => ownerOf(redis, meeting.meetingId), (o) => o === owner, 'the owner to hold the lease again');
		expect(await ownerEpoch(meeting.meetingId)).toBe(epochBefore);
		await expectAllStored(meeting.meetingId, people[0].token, writing.acknowledged);
	});

	it('PostgreSQL restarts: saving pauses and resumes (clients told both), changes made meanwhile are acknowledged once stored, nothing acknowledged is lost', async () => {
		const meeting = await arrangeMeeting(sql);
		const people = await Promise.all(Array.from({ length: 6 }, (_, i) => arrangeParticipant(sql, meeting.meetingId, `P${i}`)));
		const sockets = await Promise.all(people.map((p, i) => fleetSocket(urls()[i % 3], meeting.meetingId, p.token).then(keep)));
		const moderator = keep(await fleetSocket(fleet.url, meeting.meetingId, meeting.moderatorToken));
		const paused: boolean[] = [];
		moderator.on('saving:paused', (value: boolean) => paused.push(value));
		const probing = await probes(meeting, 30);
		const writing = writers(sockets);
		await pollUntil(() => writing.acknowledged.size, (n) => n >= 10, 'ideas acknowledged before the restart');

		// The cut is in force as soon as cut() returns its promise (every connection reset, no new one
		// accepted); the promise waits for the relay's sockets to finish closing, which load can delay.
		const cutting = pgGate.cut();
		const cutAt = performance.now();
		await cutting;
		// A change the owner applies in memory and acknowledges only once it is stored (sent again
		// while refused UNAVAILABLE: once saving paused, new commands are refused at once).
		const clusterId = `c-${noteId()}`;
		const cluster = untilAcked(moderator, 'cluster:create', { id: clusterId, title: 'Under omstarten' }, 60_000);
		await pollUntil(() => paused, (p) => p.includes(true), 'saving:paused true', 10_000);
		const pausedAfter = performance.now() - cutAt;
		// Told promptly (not a micro-timing: a person must learn within a second or two that saving
		// paused): a commit that fails pauses at once, one that waits is paused once it has waited
		// 0.75 s and PostgreSQL does not answer a probe within 0.75 s (Room, STALL_MS).
		expect(pausedAfter).toBeLessThan(2000);
		// The restart itself: PostgreSQL away for five seconds.
		await new Promise((r) => setTimeout(r, 5000));
		await pgGate.restore();
		const restoredAt = performance.now();
		const crossing = crossInstanceAgain(meeting, restoredAt, probing);
		await cluster;
		await pollUntil(() => paused, (p) => p.at(-1) === false, 'saving:paused false', 20_000);
		const resumedAfter = performance.now() - restoredAt;
		const back = await crossing;
		const after = writing.acknowledged.size;
		await pollUntil(() => writing.acknowledged.size, (n) => n >= after + 10, 'ideas acknowledged after the restart', 20_000);
		await writing.stop();
		console.log(
			`fleet: PostgreSQL restart: saving paused ${pausedAfter.toFixed(0)} ms after the cut, resumed ${resumedAfter.toFixed(0)} ms after it returned; messages crossed instances ${back.toFixed(0)} ms after it returned`
		);
		expect(paused).toEqual([true, false]);
		// How soon a removal through a sibling reaches the owner again after PostgreSQL returns is logged,
		// not asserted: it needs PostgreSQL's pools reconnected (the 5 s of acceptance point 8 are Redis's).
		expect(back).toBeGreaterThan(0);
		await expectAllStored(meeting.meetingId, people[0].token, writing.acknowledged);
		const late = keep(fleetBoard(fleet.url, meeting.meetingId, people[0].token));
		await late.synced;
		expect(getCluster(late.doc, clusterId)).toMatchObject({ title: 'Under omstarten' });
	});
});

/**
 * Sends a command again (as the board page's outbox does) until it is acknowledged: after no
 * answer or UNAVAILABLE in 100 ms, after RATE_LIMITED or OVERLOADED when `retryAfterMs` says.
 * Any other refusal fails.
 */
async function untilAcked(socket: Socket, name: string, payload: unknown, ms = 20_000): Promise<void> {
	const deadline = Date.now() + ms;
	for (;;) {
		let wait = 100;
		try {
			const ack = await command(socket, name, payload, 2000);
			if (ack.ok) return;
			if (ack.code === 'RATE_LIMITED' || ack.code === 'OVERLOADED') wait = ack.retryAfterMs ?? 1000;
			else if (ack.code !== 'UNAVAILABLE') throw new Error(`${name} refused: ${ack.code}`);
		} catch (error) {
			if (error instanceof Error && error.message.includes('refused')) throw error;
		}
		if (Date.now() > deadline) throw new Error(`${name} was not acknowledged within ${ms} ms`);
		await new Promise((r) => setTimeout(r, wait));
	}
}

/** A meeting socket and the tallies it is sent on connecting (votes are revealed). */
async function fleetSocketWithTallies(url: string, meetingId: string, token: string): Promise<{ close(): void; tallies: unknown }> {
	const socket = io(`${url}/meeting`, { path: '/socket.io', query: { meeting: meetingId }, auth: { meetingId, token }, transports: ['websocket'], forceNew: true });
	const tallies = await new Promise<unknown>((resolve) => socket.once('votes:tallies', resolve));
	return { close: () => socket.close(), tallies };
}

/** Sends `request` over a plain TCP connection and returns what comes back (HTTP/1.0 closes). */
async function rawHttp10(port: number, request: string): Promise<string> {
	const { connect } = await import('node:net');
	return new Promise((resolve, reject) => {
		let answer = '';
		const socket = connect(port, '127.0.0.1', () => socket.write(request));
		socket.on('data', (d) => (answer += d.toString()));
		socket.on('end', () => resolve(answer));
		socket.on('error', reject);
	});
}
