import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io } from 'socket.io-client';
import { listNotes, snapshot } from '../../src/lib/board/board';
import { connect, type Sql } from '../../src/lib/server/db/sql';
import { startFleet } from '../../scripts/fleet.mjs';
import { arrangeMeeting, arrangeParticipant, noteId } from '../integration/board-fixtures';
import { createTestDatabase, pollUntil } from '../integration/harness';
import { REDIS_URL, command, fleetAvailable, fleetBoard, fleetSocket, ownerOf, percentile } from './fleet-fixtures';

// Issue 10: three instances behind the shipped HAProxy configuration, one PostgreSQL, one Redis.
// Ports 4420–4423 (the proxy, then the instances).
const PROXY_PORT = 4420;
const available = await fleetAvailable();
if (!available.ok) console.warn(`Skipping the fleet suite: ${available.why}`);

type Fleet = Awaited<ReturnType<typeof startFleet>>;

describe.skipIf(!available.ok)('several instances serve one meeting over Redis', () => {
	let database: Awaited<ReturnType<typeof createTestDatabase>>;
	let sql: Sql;
	let redis: Redis;
	let fleet: Fleet;
	const open: { close(): void }[] = [];
	const keep = <T extends { close(): void } | { destroy(): void }>(thing: T): T => {
		open.push('close' in thing ? thing : { close: () => thing.destroy() });
		return thing;
	};

	beforeAll(async () => {
		database = await createTestDatabase();
		redis = new Redis(REDIS_URL);
		fleet = await startFleet({ count: 3, proxyPort: PROXY_PORT, databaseUrl: database.url, redisUrl: REDIS_URL, log: process.env.SAMLA_FLEET_LOG ? (line: string) => console.log(line) : undefined });
		sql = connect(database.url, { max: 4 });
	});
	afterAll(async () => {
		for (const thing of open) thing.close();
		await fleet?.stop();
		await sql?.end({ timeout: 1 });
		redis?.disconnect();
		await database?.drop();
	});

	const urls = () => fleet.instances.map((i) => i.url);

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
		console.log('sockets up');
		const watchers = [a, b, c, fleet.url].map((url) => keep(fleetBoard(url, meeting.meetingId, people[0].token)));
		await Promise.all(watchers.map((w) => w.synced));
		const owner = await ownerOf(redis, meeting.meetingId);
		console.log('watchers up');
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
});

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
