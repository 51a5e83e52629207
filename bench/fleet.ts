import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { Redis } from 'ioredis';
import { startFleet } from '../scripts/fleet.mjs';
import type { Sql } from '../src/lib/server/db/sql';
import { arrangeMeeting, arrangeParticipants } from './arrange';
import { leanClient, type ArrivalSink, type BoardClient } from './board-client';
import type { Cleanup } from './cleanup';
import { command, meetingSocket, type MeetingSocket } from './meeting-socket';
import { processCpuSeconds, startServer } from './server-process';
import { count, heading, ms, summarise, table, type Summary } from './stats';

// `npm run bench -- --only fleet` (issue 10): one meeting of N participants served by three
// instances over Redis behind the shipped HAProxy configuration, next to the same load on one
// instance. Ports: SAMLA_BENCH_FLEET_PORT (default 4450) for HAProxy, the three after it for the
// instances. Needs HAProxy and Redis (REDIS_URL, default 127.0.0.1:6379); skipped without them.

export interface FleetBenchOptions {
	participants: number;
	durationMs: number;
	/** New ideas per second, from random participants. */
	notesPerSecond: number;
	connectConcurrency: number;
}

export interface FleetRun {
	label: string;
	/** Each process's CPU over the load window, as a share of one core. */
	instances: { name: string; cpuShare: number }[];
	/** Emit → arrival of an idea at every other participant's board client. */
	delivery: Summary;
	/** note:add → its acknowledgement (committed in PostgreSQL). */
	ack: Summary;
	notesSent: number;
	notesIncomplete: number;
	failures: Record<string, number>;
	windowSeconds: number;
	loadAverage: number[];
}

export type FleetBenchResult = { skipped: string } | { single: FleetRun; fleet: FleetRun; options: FleetBenchOptions };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Why the fleet scenario cannot run here, or null. */
async function missing(redisUrl: string): Promise<string | null> {
	try {
		execFileSync(process.env.HAPROXY ?? 'haproxy', ['-v'], { stdio: 'ignore' });
	} catch {
		return 'HAProxy is not installed (apt-get install haproxy)';
	}
	const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
	redis.on('error', () => undefined);
	try {
		await redis.connect();
		await redis.ping();
		return null;
	} catch {
		return `Redis does not answer at ${redisUrl}`;
	} finally {
		redis.disconnect();
	}
}

export async function runFleetBench(databaseUrl: string, sql: Sql, cleanup: Cleanup, options: FleetBenchOptions): Promise<FleetBenchResult> {
	const redisUrl = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
	const why = await missing(redisUrl);
	if (why) return { skipped: why };

	// One instance, as `npm start` runs it (no Redis): the reference.
	const server = await startServer(databaseUrl, cleanup);
	let single: FleetRun;
	try {
		single = await runScenario('one instance', sql, [server.url], [{ name: 'the instance', pid: server.pid }], options);
	} finally {
		await server.stop();
	}

	const proxyPort = Number(process.env.SAMLA_BENCH_FLEET_PORT || 4450);
	const fleet = await startFleet({ count: 3, proxyPort, databaseUrl, redisUrl, env: { SAMLA_LOG: 'info' } });
	const stopFleet = cleanup.add('stop the fleet', () => fleet.stop());
	try {
		// Participants enter through every instance in turn, as a redispatching proxy, a failback or a
		// rolling restart spreads them: two in three reach a sibling of the owner and are forwarded.
		const entries = fleet.instances.map((i) => i.url);
		const processes = fleet.instances.map((i, k) => ({ name: `samla${k + 1}`, pid: i.process.pid!, url: i.url }));
		const run = await runScenario('three instances behind HAProxy', sql, entries, processes, options, async (meetingId) => {
			// The meeting's owner: the instance whose lease it is (the first connection through the proxy took it).
			const redis = new Redis(redisUrl);
			try {
				const identity = await redis.get(`mutex:samla:meeting:${meetingId}`);
				return identity?.split(' ')[0] ?? null;
			} finally {
				redis.disconnect();
			}
		}, fleet.url);
		return { single, fleet: run, options };
	} finally {
		await stopFleet();
	}
}

/**
 * N participants (a lean board client and a meeting socket each) entering through `entries` in
 * turn; ideas at a fixed rate from random participants; each idea timed to every other board.
 */
async function runScenario(
	label: string,
	sql: Sql,
	entries: string[],
	processes: { name: string; pid: number; url?: string }[],
	options: FleetBenchOptions,
	ownerOf?: (meetingId: string) => Promise<string | null>,
	firstThrough?: string
): Promise<FleetRun> {
	const n = options.participants;
	const loadAverage = loadavg();
	const meeting = await arrangeMeeting(sql, { moderators: 1 });
	const participants = await arrangeParticipants(sql, meeting.meetingId, n);
	const clients: BoardClient[] = [];
	const sockets: MeetingSocket[] = [];
	try {
		// The first connection through the proxy (when there is one) decides the owner, as in production.
		if (firstThrough) sockets.push(await meetingSocket(firstThrough, meeting.meetingId, meeting.moderatorTokens[0]));
		const owner = ownerOf ? await ownerOf(meeting.meetingId) : null;

		const inFlight = new Map<string, { idBytes: Buffer; sentAt: number; seen: Uint8Array; remaining: number }>();
		const deliveries: number[] = [];
		let counting = false;
		const sink: ArrivalSink = {
			update(index, update) {
				if (!counting || !update || inFlight.size === 0) return;
				const at = performance.now();
				for (const [id, note] of inFlight) {
					if (note.seen[index] || update.indexOf(note.idBytes) === -1) continue;
					note.seen[index] = 1;
					deliveries.push(at - note.sentAt);
					if (--note.remaining === 0) inFlight.delete(id);
				}
			},
			notesAdded() {},
			awareness() {}
		};
		for (let i = 0; i < n; i += options.connectConcurrency) {
			await Promise.all(
				participants.slice(i, i + options.connectConcurrency).map(async (p, j) => {
					const client = leanClient(entries[(i + j) % entries.length], meeting.meetingId, p.token, i + j, sink);
					clients.push(client);
					await client.synced;
				})
			);
		}
		const participantSockets: MeetingSocket[] = [];
		for (let i = 0; i < n; i += options.connectConcurrency) {
			const batch = await Promise.all(participants.slice(i, i + options.connectConcurrency).map((p, j) => meetingSocket(entries[(i + j) % entries.length], meeting.meetingId, p.token)));
			participantSockets.push(...batch);
			sockets.push(...batch);
		}

		const acks: number[] = [];
		const failures: Record<string, number> = {};
		let notesSent = 0;
		const cpu0 = processes.map((p) => processCpuSeconds(p.pid));
		const start = performance.now();
		counting = true;
		const timer = setInterval(() => {
			const due = Math.floor(((performance.now() - start) / 1000) * options.notesPerSecond);
			while (notesSent < due) {
				const author = Math.floor(Math.random() * n);
				const id = `bench-${randomBytes(9).toString('base64url')}`;
				const seen = new Uint8Array(n);
				seen[author] = 1;
				const sentAt = performance.now();
				inFlight.set(id, { idBytes: Buffer.from(id), sentAt, seen, remaining: n - 1 });
				notesSent++;
				void command(participantSockets[author], 'note:add', { id, text: `Idé ${notesSent}: fler mötesplatser för unga i hela länet (${id})` }).then((ack) => {
					if (ack.ok) acks.push(performance.now() - sentAt);
					else {
						// meeting-socket.ts's command() reports an acknowledgement that never came as INTERNAL "no ack".
						const why = ack.message.startsWith('no ack') ? 'no answer in 10 s' : ack.code;
						failures[why] = (failures[why] ?? 0) + 1;
						inFlight.delete(id);
					}
				});
			}
		}, 5);
		await sleep(options.durationMs);
		clearInterval(timer);
		const drainUntil = performance.now() + 5000;
		while (inFlight.size > 0 && performance.now() < drainUntil) await sleep(20);
		counting = false;
		const windowSeconds = (performance.now() - start) / 1000;
		const instances = processes.map((p, k) => ({
			name: `${p.name}${owner && p.url === owner ? ' (owner)' : p.url ? ' (forwards)' : ''}`,
			cpuShare: (processCpuSeconds(p.pid) - cpu0[k]) / windowSeconds
		}));
		return { label, instances, delivery: summarise(deliveries), ack: summarise(acks), notesSent, notesIncomplete: inFlight.size, failures, windowSeconds, loadAverage };
	} finally {
		for (const client of clients) client.close();
		for (const socket of sockets) socket.disconnect();
	}
}

/** Prints both runs side by side; returns the summary rows. */
export function printFleetBench(result: FleetBenchResult): string[][] {
	if ('skipped' in result) {
		console.log(heading('Fleet · three instances over Redis behind HAProxy (issue 10)'));
		console.log(`Skipped: ${result.skipped}.`);
		return [['fleet scenario', 'skipped', '', result.skipped]];
	}
	const { single, fleet, options } = result;
	console.log(heading(`Fleet · one meeting, N = ${options.participants} participants · ${options.durationMs / 1000} s · ${options.notesPerSecond} ideas/s (issue 10)`));
	console.log('Every participant: a lean board client and a meeting socket. One instance (no Redis) first, then three');
	console.log('instances over Redis behind the shipped HAProxy configuration, the participants entering through the');
	console.log('three instances in turn (two in three forwarded by a sibling to the meeting\'s owner).');
	console.log(`Machine load average before: one instance ${single.loadAverage.map((l) => l.toFixed(2)).join(' ')} · fleet ${fleet.loadAverage.map((l) => l.toFixed(2)).join(' ')}\n`);
	const row = (what: string, pick: (r: FleetRun) => string) => [what, pick(single), pick(fleet)];
	const lat = (s: Summary) => `${ms(s.p50)} / ${ms(s.p95)} / ${ms(s.p99)}`;
	console.log(
		table([
			['', single.label, fleet.label],
			row('idea → every other board, p50 / p95 / p99', (r) => lat(r.delivery)),
			row('  samples', (r) => count(r.delivery.count)),
			row('note:add ack, p50 / p95 / p99', (r) => lat(r.ack)),
			row('ideas sent · refused · not everywhere in 5 s', (r) => `${r.notesSent} · ${Object.entries(r.failures).map(([c, k]) => `${c} × ${k}`).join(', ') || 'none'} · ${r.notesIncomplete}`),
			...[0, 1, 2].map((k) => row(`CPU of process ${k + 1} (share of one core)`, (r) => (r.instances[k] ? `${r.instances[k].name} ${(r.instances[k].cpuShare * 100).toFixed(0)} %` : '')))
		])
	);
	return [
		[`fleet: idea → every board p50 / p95 / p99, N = ${options.participants}, one instance`, lat(single.delivery), '', ''],
		[`fleet: idea → every board p50 / p95 / p99, N = ${options.participants}, three instances`, lat(fleet.delivery), '', ''],
		[`fleet: note:add ack p95, one · three instances`, `${ms(single.ack.p95)} · ${ms(fleet.ack.p95)}`, '', ''],
		[`fleet: CPU per instance (three instances)`, fleet.instances.map((i) => `${(i.cpuShare * 100).toFixed(0)} %`).join(' · '), '', '']
	];
}
