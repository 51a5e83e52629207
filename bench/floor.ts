import { spawn } from 'node:child_process';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { randomBytes } from 'node:crypto';
import WebSocket from 'ws';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import type { Sql } from '../src/lib/server/db/sql';
import { arrangeMeeting, arrangeParticipants, type ArrangedParticipant } from './arrange';
import { BENCH_CLUSTERS, benchClusterId, benchNoteId, buildBoard } from './big-board';
import { leanClient, type ArrivalSink, type BoardClient } from './board-client';
import type { Cleanup } from './cleanup';
import { command, meetingSocket, type MeetingSocket } from './meeting-socket';
import { processCpuSeconds, startServer, threadCpuSeconds, type ServerProcess } from './server-process';
import { count, heading, kb, ms, summarise, table, type Summary } from './stats';
import { retryDelayMs } from '../src/lib/client/outbox';
import type { VoteTallies } from '../src/lib/protocol/commands';
import type { CommandAnswer, MeetingCommandInput, MeetingCommandName } from '../src/lib/protocol/contract';

// Issue 15: the realtime core at the floor. Four scenarios, each on a fresh server process:
//   relay      CPU per delivered update and p99 at N = 500, 20 changes/s, next to a bare `ws`
//              relay started here in the same run (bench/ws-relay.mjs), as a ratio
//   storm      a grouping storm: N = 200 participants moving notes, 300 moves/s together
//   votes      a vote storm: 500 participants × 5 votes (+1 over budget each) within 10 s, revealed
//   idle       5 000 idle participants (board with presence + socket.io each): server RSS, CPU while idle

export const FLOOR_TARGETS = { cpuRatio: 1.1, p99OverRelayMs: 5, stormP99Ms: 100, voteAckP99Ms: 100, idleRssBytes: 300 * 1024 * 1024 };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The relay's warm-up: changes at the measured rate before the measurement. */
const WARM_UP_MS = 5_000;
/**
 * Samla's warm-up: this many moves at this rate before the measurement, not counted. CPU per
 * delivered update is a capacity figure: it matters when a server carries much traffic, and such a
 * server's code is optimised. The relay's path runs once per delivery (500 times a change) and is
 * optimised within its first second; Samla's command path runs once per change, and V8 optimises a
 * function only after hundreds of calls (and again 500 calls after its type feedback last changed),
 * so after 5 s at 20/s most of it still ran unoptimised (a third more CPU per move). 6 000 moves are
 * what a meeting's first five minutes at 20/s would be; taken at 200/s they take 30 s.
 */
const SAMLA_WARM_UP = { moves: 6_000, perSecond: 200 };

/** The ids of the notes of the bench's boards (big-board.ts). */
const NOTE_ID = /bench-note-\d{6}/g;

/** Board notes in flight (one change each), matched by their id in the update bytes that arrive. */
class Arrivals {
	readonly inFlight = new Map<string, { sentAt: number; seen: Uint8Array; remaining: number }>();
	readonly delays: number[] = [];
	counting = false;
	updates = 0;
	missing = 0;

	constructor(readonly clients: number) {}

	sent(noteId: string): void {
		const previous = this.inFlight.get(noteId);
		if (previous) this.missing += previous.remaining; // moved again before everyone had the last move
		this.inFlight.set(noteId, { sentAt: performance.now(), seen: new Uint8Array(this.clients), remaining: this.clients });
	}

	refused(noteId: string): void {
		this.inFlight.delete(noteId);
	}

	readonly sink: ArrivalSink = {
		update: (index, update) => {
			if (this.counting) this.updates++;
			if (!update || this.inFlight.size === 0) return;
			const at = performance.now();
			// The ids in the frame, looked up (not every change in flight searched in every frame: under
			// load thousands are in flight, and the bench would measure itself).
			for (const id of new Set(update.toString('latin1').match(NOTE_ID))) {
				const change = this.inFlight.get(id);
				if (!change || change.seen[index]) continue;
				change.seen[index] = 1;
				this.delays.push(at - change.sentAt);
				if (--change.remaining === 0) this.inFlight.delete(id);
			}
		},
		notesAdded() {},
		awareness() {}
	};

	/** What arrived since the last reset: each move's delay to each board, frames, moves that did not arrive. */
	measured(): { delays: number[]; updates: number; missing: number } {
		return { delays: [...this.delays], updates: this.updates, missing: this.missing };
	}

	/** Forgets what arrived so far (after a warm-up): the measurement starts from here. */
	reset(): void {
		this.inFlight.clear();
		this.delays.length = 0;
		this.updates = 0;
		this.missing = 0;
	}

	async drain(ms: number): Promise<void> {
		const until = performance.now() + ms;
		while (this.inFlight.size > 0 && performance.now() < until) await sleep(20);
		for (const change of this.inFlight.values()) this.missing += change.remaining;
	}
}

async function connectBoards(server: { url: string }, meetingId: string, people: ArrangedParticipant[], sink: ArrivalSink, opened: BoardClient[], concurrency = 25, presence = true) {
	for (let i = 0; i < people.length; i += concurrency) {
		await Promise.all(
			people.slice(i, i + concurrency).map(async (p, j) => {
				const client = leanClient(server.url, meetingId, p.token, i + j, sink, presence);
				opened.push(client);
				await client.synced;
			})
		);
	}
}

async function connectSockets(server: { url: string }, meetingId: string, people: ArrangedParticipant[], opened: MeetingSocket[], concurrency = 25) {
	for (let i = 0; i < people.length; i += concurrency) {
		const batch = await Promise.all(people.slice(i, i + concurrency).map((p) => meetingSocket(server.url, meetingId, p.token)));
		opened.push(...batch);
	}
}

/** Waits (at least 1 s, at most 60 s) until the server uses under 5 % of a core; returns the seconds waited. */
async function untilQuiet(server: ServerProcess): Promise<number> {
	const start = performance.now();
	await sleep(1000);
	for (let cpu = server.cpuSeconds(); performance.now() - start < 60_000; ) {
		await sleep(500);
		const now = server.cpuSeconds();
		if (now - cpu < 0.025) break;
		cpu = now;
	}
	return (performance.now() - start) / 1000;
}

/** A meeting in `phase` whose board holds `notes` notes in 20 clusters (written directly, as big-board.ts does). */
async function boardMeeting(sql: Sql, notes: number, phase: string, moderators = 1) {
	const meeting = await arrangeMeeting(sql, { moderators, phase, title: 'Bench: golvet' });
	await sql`insert into board_snapshots (meeting_id, state, through_id) values (${meeting.meetingId}, ${Buffer.from(buildBoard(notes))}, 0)`;
	const noteIds = Array.from({ length: notes }, (_, i) => benchNoteId(i));
	const clusterIds = Array.from({ length: BENCH_CLUSTERS }, (_, i) => benchClusterId(i));
	return { ...meeting, noteIds, clusterIds };
}

/**
 * Sends `perSecond` actions for `durationMs`, each `act(k)` with k counted from `from`, on a 5 ms
 * clock (catching up when late). Returns how many were sent.
 */
async function atRate(perSecond: number, durationMs: number, act: (k: number) => void, from = 0): Promise<number> {
	const start = performance.now();
	let due = 0;
	await new Promise<void>((resolve) => {
		const timer = setInterval(() => {
			const elapsed = performance.now() - start;
			const target = Math.floor((Math.min(elapsed, durationMs) / 1000) * perSecond);
			while (due < target) act(from + due++);
			if (elapsed >= durationMs) {
				clearInterval(timer);
				resolve();
			}
		}, 5);
	});
	return due;
}

/**
 * A command as the browser's outbox sends it: sent again after the wait the server asked for when
 * refused RATE_LIMITED or OVERLOADED. Returns the final answer, the first one, and the attempts.
 */
async function commandAsOutbox<N extends MeetingCommandName>(
	socket: MeetingSocket,
	name: N,
	payload: MeetingCommandInput<N>
): Promise<{ ack: CommandAnswer<N>; first: CommandAnswer<N>; attempts: number; firstMs: number }> {
	const start = performance.now();
	let first: CommandAnswer<N> | null = null;
	let firstMs = 0;
	for (let attempts = 1; ; attempts++) {
		const ack = await command(socket, name, payload, 30_000);
		if (!first) {
			first = ack;
			firstMs = performance.now() - start;
		}
		if (ack.ok || (ack.code !== 'RATE_LIMITED' && ack.code !== 'OVERLOADED') || attempts >= 20) return { ack, first, attempts, firstMs };
		await sleep(retryDelayMs(ack));
	}
}

// ── relay: Samla next to a bare ws relay ────────────────────────────────────────────────────────

/**
 * The measured time is taken in this many windows, the two sides in turn (relay, Samla, relay, …),
 * each side connected and warm throughout: the machine's load drifts during a run, and one window
 * per side put all of a drift on one side (single runs of the same code ranged 1.11–1.31 ×).
 * Windows of one run still differ by ±0.1 × among themselves (a collection, a compilation or the
 * theme-input projection lands in one and not in another), as much as the target's margin: eight
 * windows of 5 s narrow what the run's figure wanders by about 30 % compared with four (the
 * spread of a mean of n falls with √n). They also reach the steady state: Samla's later windows
 * cost more than its first four (its collector's work comes due), which four windows left out.
 */
const RELAY_ROUNDS = 8;

export interface RelayComparison {
	participants: number;
	changesPerSecond: number;
	durationMs: number;
	rounds: number;
	/** Load average when the windows began, and when they ended. */
	loadAverage: { start: number[]; end: number[] };
	relay: SideResult;
	samla: SideResult & { acksMissing: number; refused: Record<string, number> };
}

interface SideResult {
	delivery: Summary;
	updatesDelivered: number;
	cpuSeconds: number;
	/** Of cpuSeconds, the kernel's share (system time: the sockets' writes). */
	systemSeconds: number;
	/** Of cpuSeconds, each thread's share by name (threadCpuSeconds). */
	threads: Map<string, number>;
	missing: number;
	/** CPU per delivered update of each window, in the order measured (µs). */
	perWindow: number[];
}

/** What one window of one side measured. */
interface SideWindow {
	delays: number[];
	updates: number;
	missing: number;
	cpuSeconds: number;
	systemSeconds: number;
	threads: Map<string, number>;
	acksMissing: number;
	refused: Record<string, number>;
}

/** One side of the comparison, connected and warm. */
interface Side {
	/** Sends changes at the measured rate for `ms` and returns what arrived and what it cost. */
	window(ms: number): Promise<SideWindow>;
	close(): Promise<void>;
}

export async function runRelayComparison(databaseUrl: string, sql: Sql, cleanup: Cleanup, options: { participants: number; changesPerSecond: number; durationMs: number }): Promise<RelayComparison> {
	const relay = await openRelay(cleanup, options);
	try {
		const samla = await openSamla(databaseUrl, sql, cleanup, options);
		try {
			const start = loadavg();
			const windows: { relay: SideWindow[]; samla: SideWindow[] } = { relay: [], samla: [] };
			for (let round = 0; round < RELAY_ROUNDS; round++) {
				windows.relay.push(await relay.window(options.durationMs / RELAY_ROUNDS));
				windows.samla.push(await samla.window(options.durationMs / RELAY_ROUNDS));
			}
			const samlaResult = combine(windows.samla);
			const refused: Record<string, number> = {};
			for (const w of windows.samla) for (const [code, n] of Object.entries(w.refused)) refused[code] = (refused[code] ?? 0) + n;
			return {
				...options,
				rounds: RELAY_ROUNDS,
				loadAverage: { start, end: loadavg() },
				relay: combine(windows.relay),
				samla: { ...samlaResult, acksMissing: windows.samla.reduce((a, w) => a + w.acksMissing, 0), refused }
			};
		} finally {
			await samla.close();
		}
	} finally {
		await relay.close();
	}
}

function combine(windows: SideWindow[]): SideResult {
	const sum = (f: (w: SideWindow) => number) => windows.reduce((a, w) => a + f(w), 0);
	return {
		delivery: summarise(windows.flatMap((w) => w.delays)),
		updatesDelivered: sum((w) => w.updates),
		cpuSeconds: sum((w) => w.cpuSeconds),
		systemSeconds: sum((w) => w.systemSeconds),
		threads: addThreads(windows.map((w) => w.threads)),
		missing: sum((w) => w.missing),
		perWindow: windows.map((w) => microsPerDelivery(w.cpuSeconds, w.delays.length))
	};
}

/** CPU per delivered update (µs); NaN when nothing was delivered. */
function microsPerDelivery(cpuSeconds: number, delivered: number): number {
	return delivered ? (cpuSeconds / delivered) * 1e6 : NaN;
}

/** A process's CPU time so far: in all, the kernel's share, and by thread. */
type CpuReading = Pick<SideWindow, 'cpuSeconds' | 'systemSeconds' | 'threads'>;

function readCpu(pid: number): CpuReading {
	return { cpuSeconds: processCpuSeconds(pid), systemSeconds: processCpuSeconds(pid, 'system'), threads: threadCpuSeconds(pid) };
}

/** What process `pid` has used since `before` (readCpu). */
function cpuSince(pid: number, before: CpuReading): CpuReading {
	const now = readCpu(pid);
	return { cpuSeconds: now.cpuSeconds - before.cpuSeconds, systemSeconds: now.systemSeconds - before.systemSeconds, threads: addThreads([now.threads], before.threads) };
}

/** Per thread name, the sum of `maps` (each entry of `minus` subtracted). */
function addThreads(maps: Map<string, number>[], minus?: Map<string, number>): Map<string, number> {
	const total = new Map<string, number>();
	for (const map of maps) for (const [name, s] of map) total.set(name, (total.get(name) ?? 0) + s);
	if (minus) for (const [name, s] of minus) total.set(name, (total.get(name) ?? 0) - s);
	return total;
}

/** The relay's side: N receivers (lean, counting), one sender of update frames shaped as Samla's. */
async function openRelay(cleanup: Cleanup, options: { participants: number; changesPerSecond: number }): Promise<Side> {
	const child = spawn(process.execPath, ['bench/ws-relay.mjs'], { stdio: ['ignore', 'pipe', 'inherit'] });
	const stop = cleanup.add('stop the ws relay', () => void child.kill('SIGTERM'));
	const clients: WebSocket[] = [];
	const close = async () => {
		for (const ws of clients) ws.terminate();
		await stop();
	};
	try {
		const port = await new Promise<number>((resolve, reject) => {
			child.stdout!.on('data', (chunk: Buffer) => {
				const port = /relay listening on (\d+)/.exec(chunk.toString())?.[1];
				if (port) resolve(Number(port));
			});
			child.once('exit', (code) => reject(new Error(`the relay exited (${code})`)));
		});
		const arrivals = new Arrivals(options.participants);
		for (let i = 0; i < options.participants; i += 50) {
			await Promise.all(
				Array.from({ length: Math.min(50, options.participants - i) }, async (_, j) => {
					const ws = new WebSocket(`ws://127.0.0.1:${port}`, { perMessageDeflate: false });
					ws.binaryType = 'nodebuffer';
					clients.push(ws);
					ws.on('message', (data: Buffer) => arrivals.sink.update(i + j, data));
					await new Promise((resolve, reject) => (ws.once('open', resolve), ws.once('error', reject)));
				})
			);
		}
		const sender = new WebSocket(`ws://127.0.0.1:${port}`, { perMessageDeflate: false });
		clients.push(sender);
		await new Promise((resolve, reject) => (sender.once('open', resolve), sender.once('error', reject)));
		// The same bytes Samla sends for a move: a y-websocket update message of one note's new value.
		const doc = new Y.Doc();
		const notes = doc.getMap('notes');
		const frames = Array.from({ length: 200 }, (_, i) => {
			const id = benchNoteId(i);
			let update: Uint8Array = new Uint8Array();
			doc.once('update', (u: Uint8Array) => (update = u));
			notes.set(id, { id, text: `Idé ${i}: fler mötesplatser för unga i hela länet`, colour: 'yellow', clusterId: benchClusterId(i), order: i, createdAt: 1_760_000_000_000 });
			const encoder = encoding.createEncoder();
			encoding.writeVarUint(encoder, 0);
			encoding.writeVarUint(encoder, 2);
			encoding.writeVarUint8Array(encoder, update);
			return { id, frame: encoding.toUint8Array(encoder) };
		});
		let k = 0;
		const send = () => {
			const { id, frame } = frames[k++ % frames.length];
			arrivals.sent(id);
			sender.send(frame);
		};
		// Measured warm: the same changes at the same rate first, not counted.
		await atRate(options.changesPerSecond, WARM_UP_MS, send);
		await arrivals.drain(5000);
		return {
			async window(ms) {
				arrivals.reset();
				const cpu0 = readCpu(child.pid!);
				arrivals.counting = true;
				await atRate(options.changesPerSecond, ms, send);
				await arrivals.drain(5000);
				arrivals.counting = false;
				return {
					...arrivals.measured(),
					...cpuSince(child.pid!, cpu0),
					acksMissing: 0,
					refused: {}
				};
			},
			close
		};
	} catch (error) {
		await close();
		throw error;
	}
}

/** Samla's side: N lean board clients; moderators move notes through meeting commands at the same rate. */
async function openSamla(databaseUrl: string, sql: Sql, cleanup: Cleanup, options: { participants: number; changesPerSecond: number }): Promise<Side> {
	const server = await startServer(databaseUrl, cleanup);
	const boards: BoardClient[] = [];
	const sockets: MeetingSocket[] = [];
	const close = async () => {
		for (const b of boards) b.close();
		for (const s of sockets) s.disconnect();
		await server.stop();
	};
	try {
		// Each moderator at most 10 moves a second, the warm-up's rate included (a socket's rate limit).
		const moderatorCount = Math.ceil(SAMLA_WARM_UP.perSecond / 10);
		const meeting = await boardMeeting(sql, 200, 'group', moderatorCount);
		const people = await arrangeParticipants(sql, meeting.meetingId, options.participants);
		const arrivals = new Arrivals(options.participants);
		// Without presence: both sides carry the board's updates only.
		await connectBoards(server, meeting.meetingId, people, arrivals.sink, boards, 25, false);
		const moderators = await Promise.all(meeting.moderatorTokens.map((t) => meetingSocket(server.url, meeting.meetingId, t)));
		sockets.push(...moderators);
		let refused: Record<string, number> = {};
		let acks = 0;
		let k = 0;
		const move = () => {
			const i = k++;
			const noteId = meeting.noteIds[i % meeting.noteIds.length];
			const clusterId = meeting.clusterIds[(i + 1 + Math.floor(i / meeting.noteIds.length)) % meeting.clusterIds.length];
			arrivals.sent(noteId);
			void commandAsOutbox(moderators[i % moderators.length], 'note:move', { id: noteId, clusterId, beforeId: null }).then(({ ack }) => {
				acks++;
				if (!ack.ok) {
					refused[ack.code] = (refused[ack.code] ?? 0) + 1;
					arrivals.refused(noteId);
				}
			});
		};
		const answered = async (sent: number) => {
			const until = performance.now() + 30_000;
			while (acks < sent && performance.now() < until) await sleep(50);
		};
		// Measured warm, as the relay is: the same moves first, not counted (SAMLA_WARM_UP).
		await untilQuiet(server);
		await answered(await atRate(SAMLA_WARM_UP.perSecond, (SAMLA_WARM_UP.moves / SAMLA_WARM_UP.perSecond) * 1000, move));
		await arrivals.drain(5000);
		await untilQuiet(server);
		return {
			async window(ms) {
				arrivals.reset();
				acks = 0;
				refused = {};
				const cpu0 = readCpu(server.pid);
				arrivals.counting = true;
				const sent = await atRate(options.changesPerSecond, ms, move);
				await answered(sent);
				await arrivals.drain(5000);
				arrivals.counting = false;
				// What the window's moves set off after them (the theme-input projection a second after the
				// last change) is their cost too: the window ends when the server is quiet again.
				await untilQuiet(server);
				return {
					...arrivals.measured(),
					...cpuSince(server.pid, cpu0),
					acksMissing: sent - acks,
					refused
				};
			},
			close
		};
	} catch (error) {
		await close();
		throw error;
	}
}

// ── storm: everyone groups at once ──────────────────────────────────────────────────────────────

export interface GroupingStorm {
	participants: number;
	movesPerSecond: number;
	durationMs: number;
	loadAverage: number[];
	delivery: Summary;
	ack: Summary;
	sent: number;
	answered: number;
	/** Final refusals (after retrying as the outbox does). */
	refused: Record<string, number>;
	/** Refusals of a first attempt (then retried). */
	firstRefused: Record<string, number>;
	retried: number;
	missing: number;
	deliveriesExpected: number;
	cpuSeconds: number;
	/** How long the server took to become quiet after everyone connected, before the storm. */
	settleSeconds: number;
}

export async function runGroupingStorm(databaseUrl: string, sql: Sql, cleanup: Cleanup, options: { participants: number; movesPerSecond: number; durationMs: number }): Promise<GroupingStorm> {
	const loadAverage = loadavg();
	const server = await startServer(databaseUrl, cleanup);
	const boards: BoardClient[] = [];
	const sockets: MeetingSocket[] = [];
	try {
		// Each note moves at most every 5 s, so a move's arrival is told apart by the note's id.
		const notes = Math.min(2000, Math.max(200, options.movesPerSecond * 5));
		const meeting = await boardMeeting(sql, notes, 'group');
		await sql`update meetings set who_may_group = 'everyone' where id = ${meeting.meetingId}`;
		const people = await arrangeParticipants(sql, meeting.meetingId, options.participants);
		const arrivals = new Arrivals(options.participants);
		await connectBoards(server, meeting.meetingId, people, arrivals.sink, boards);
		await connectSockets(server, meeting.meetingId, people, sockets);
		// The storm starts on a settled room: loading a board of alike notes indexes them for duplicate
		// hints (issue 14) for seconds after the load, in slices, and that is not the storm's cost.
		const settleSeconds = await untilQuiet(server);
		const acks: number[] = [];
		const refused: Record<string, number> = {};
		const firstRefused: Record<string, number> = {};
		let answered = 0;
		let retried = 0;
		const cpu0 = server.cpuSeconds();
		arrivals.counting = true;
		const sent = await atRate(options.movesPerSecond, options.durationMs, (k) => {
			const noteId = meeting.noteIds[k % notes];
			const clusterId = meeting.clusterIds[(k + 1 + Math.floor(k / notes)) % meeting.clusterIds.length];
			const sentAt = performance.now();
			arrivals.sent(noteId);
			void commandAsOutbox(sockets[k % sockets.length], 'note:move', { id: noteId, clusterId, beforeId: null }).then(({ ack, first, attempts }) => {
				answered++;
				if (attempts > 1) retried++;
				if (!first.ok) firstRefused[first.code] = (firstRefused[first.code] ?? 0) + 1;
				if (ack.ok) acks.push(performance.now() - sentAt);
				else {
					refused[ack.code] = (refused[ack.code] ?? 0) + 1;
					arrivals.refused(noteId);
				}
			});
		});
		const until = performance.now() + 60_000;
		while (answered < sent && performance.now() < until) await sleep(50);
		await arrivals.drain(5000);
		arrivals.counting = false;
		const cpuSeconds = server.cpuSeconds() - cpu0;
		const accepted = sent - Object.values(refused).reduce((a, b) => a + b, 0);
		return {
			...options,
			loadAverage,
			delivery: summarise(arrivals.delays),
			ack: summarise(acks),
			sent,
			answered,
			refused,
			firstRefused,
			retried,
			missing: arrivals.missing,
			deliveriesExpected: accepted * options.participants,
			cpuSeconds,
			settleSeconds
		};
	} finally {
		for (const b of boards) b.close();
		for (const s of sockets) s.disconnect();
		await server.stop();
	}
}

// ── votes: everyone votes in the same ten seconds ───────────────────────────────────────────────

export interface VoteStorm {
	participants: number;
	votesEach: number;
	windowMs: number;
	loadAverage: number[];
	/** Sent → final answer (retries as the outbox makes them included). */
	ack: Summary;
	/** Sent → first answer (OVERLOADED or RATE_LIMITED included). */
	firstAck: Summary;
	firstRefused: Record<string, number>;
	retried: number;
	sent: number;
	answered: number;
	accepted: number;
	refused: Record<string, number>;
	overVotes: number;
	talliesMatch: boolean;
	storedVotes: number;
	talliesEventsPerParticipant: Summary;
	cpuSeconds: number;
}

export async function runVoteStorm(databaseUrl: string, sql: Sql, cleanup: Cleanup, options: { participants: number; votesEach: number; windowMs: number }): Promise<VoteStorm> {
	const loadAverage = loadavg();
	const server = await startServer(databaseUrl, cleanup);
	const sockets: MeetingSocket[] = [];
	try {
		const meeting = await boardMeeting(sql, 100, 'vote');
		// Revealed: the heavier case, every vote changes what everyone is sent.
		await sql`update meetings set votes_per_participant = ${options.votesEach}, max_votes_per_item = 3, votes_revealed_at = now() where id = ${meeting.meetingId}`;
		const people = await arrangeParticipants(sql, meeting.meetingId, options.participants);
		await connectSockets(server, meeting.meetingId, people, sockets);
		const tallyEvents = new Float64Array(sockets.length);
		let lastTallies: VoteTallies | null = null;
		sockets.forEach((socket, i) =>
			socket.on('votes:tallies', (tallies) => {
				tallyEvents[i]++;
				if (i === 0) lastTallies = tallies;
			})
		);
		await sleep(1000);
		tallyEvents.fill(0);
		const acks: number[] = [];
		const firstAcks: number[] = [];
		const refused: Record<string, number> = {};
		const firstRefused: Record<string, number> = {};
		let answered = 0;
		let accepted = 0;
		let retried = 0;
		const attempts = options.votesEach + 1; // one over the budget each
		const cpu0 = server.cpuSeconds();
		const all: Promise<void>[] = [];
		for (const [i, socket] of sockets.entries()) {
			for (let k = 0; k < attempts; k++) {
				const at = Math.random() * options.windowMs;
				all.push(
					sleep(at).then(async () => {
						const sentAt = performance.now();
						const vote = { itemKind: 'cluster' as const, itemId: meeting.clusterIds[(i + k) % meeting.clusterIds.length], key: `v-${randomBytes(9).toString('base64url')}` };
						const { ack, first, attempts, firstMs } = await commandAsOutbox(socket, 'vote:place', vote);
						answered++;
						acks.push(performance.now() - sentAt);
						firstAcks.push(firstMs);
						if (attempts > 1) retried++;
						if (!first.ok) firstRefused[first.code] = (firstRefused[first.code] ?? 0) + 1;
						if (ack.ok) accepted++;
						else refused[ack.code] = (refused[ack.code] ?? 0) + 1;
					})
				);
			}
		}
		await Promise.all(all);
		await sleep(1000); // the last coalesced broadcast
		const cpuSeconds = server.cpuSeconds() - cpu0;
		const perParticipant = await sql<{ n: number }[]>`
			select count(v.id)::int as n from participants p left join votes v on v.participant_id = p.id
			where p.meeting_id = ${meeting.meetingId} group by p.id`;
		const overVotes = perParticipant.reduce((sum, r) => sum + Math.max(0, r.n - options.votesEach), 0);
		const stored = await sql<{ itemId: string; n: number }[]>`select item_id, count(*)::int as n from votes where meeting_id = ${meeting.meetingId} group by item_id`;
		const storedVotes = stored.reduce((sum, r) => sum + r.n, 0);
		const received: Record<string, number> = (lastTallies as VoteTallies | null)?.clusters ?? {};
		const talliesMatch = stored.length === Object.keys(received).length && stored.every((r) => received[r.itemId] === r.n);
		return {
			...options,
			loadAverage,
			ack: summarise(acks),
			firstAck: summarise(firstAcks),
			firstRefused,
			retried,
			sent: sockets.length * attempts,
			answered,
			accepted,
			refused,
			overVotes,
			talliesMatch,
			storedVotes,
			talliesEventsPerParticipant: summarise(tallyEvents),
			cpuSeconds
		};
	} finally {
		for (const s of sockets) s.disconnect();
		await server.stop();
	}
}

// ── idle: 5 000 participants doing nothing ──────────────────────────────────────────────────────

export interface IdleMemory {
	participants: number;
	/**
	 * Whether the board clients hold a presence state as the stock provider does: sent on connect,
	 * renewed every 15–18 s, every newer state received echoed back (a moderator's client too).
	 */
	presence: boolean;
	loadAverage: number[];
	/** The load average when the idle window ended. */
	loadAverageAfter: number[];
	before: number;
	after: number;
	heapAfter: number;
	connectSeconds: number;
	/** How long everyone stayed connected doing nothing, measured (s). */
	idleSeconds: number;
	/** The server's CPU time during that window (s). */
	idleCpuSeconds: number;
	/** Awareness frames that reached the boards during that window, and how many clients renewed in it. */
	idleAwarenessFrames: number;
}

/**
 * 5 000 participants connect (a board and a socket.io socket each) and then do nothing for
 * `idleMs`: with presence, that is long enough for every client to renew its state twice and for
 * the peers' 30 s timeout to matter. RSS after a forced GC at the end; CPU over the idle window.
 */
export async function runIdle(databaseUrl: string, sql: Sql, cleanup: Cleanup, options: { participants: number; presence: boolean; idleMs: number }): Promise<IdleMemory> {
	const loadAverage = loadavg();
	const server = await startServer(databaseUrl, cleanup);
	const boards: BoardClient[] = [];
	const sockets: MeetingSocket[] = [];
	try {
		const meeting = await boardMeeting(sql, 100, 'brainstorm');
		const people = await arrangeParticipants(sql, meeting.meetingId, options.participants);
		const settle = async (server: ServerProcess) => {
			await sleep(2000);
			await server.collectGarbage();
			const memory = await server.collectGarbage();
			return { rss: server.rssBytes(), heap: memory.heapUsed + memory.external };
		};
		const before = await settle(server);
		const start = performance.now();
		let awarenessFrames = 0;
		let counting = false;
		const sink: ArrivalSink = { update() {}, notesAdded() {}, awareness: () => void (counting && awarenessFrames++) };
		if (options.presence) {
			// The moderator is here too: the one whose presence everyone sees in a meeting this size.
			const moderator = leanClient(server.url, meeting.meetingId, meeting.moderatorTokens[0], -1, sink, true);
			boards.push(moderator);
			await moderator.synced;
		}
		await connectBoards(server, meeting.meetingId, people, sink, boards, 50, options.presence);
		await connectSockets(server, meeting.meetingId, people, sockets, 50);
		const connectSeconds = (performance.now() - start) / 1000;
		// Idle: from the moment the server is quiet after the joins.
		await untilQuiet(server);
		counting = true;
		const idleStart = performance.now();
		const cpuBefore = server.cpuSeconds();
		await sleep(options.idleMs);
		const idleCpuSeconds = server.cpuSeconds() - cpuBefore;
		const idleSeconds = (performance.now() - idleStart) / 1000;
		counting = false;
		const loadAverageAfter = loadavg();
		const after = await settle(server);
		return {
			...options,
			loadAverage,
			loadAverageAfter,
			before: before.rss,
			after: after.rss,
			heapAfter: after.heap,
			connectSeconds,
			idleSeconds,
			idleCpuSeconds,
			idleAwarenessFrames: awarenessFrames
		};
	} catch (error) {
		console.error(`The server's last output:\n${server.output().slice(-4000)}`);
		throw error;
	} finally {
		for (const b of boards) b.close();
		for (const s of sockets) s.disconnect();
		await server.stop();
	}
}

// ── printing ────────────────────────────────────────────────────────────────────────────────────

const load = (l: number[]) => l.map((x) => x.toFixed(1)).join(' ');
const verdict = (ok: boolean) => (ok ? 'met' : 'NOT met');

export function printRelayComparison(r: RelayComparison): string[][] {
	// Per change delivered to a client (a move arriving at one board): a frame that carries several
	// coalesced moves delivers several.
	const perChange = (s: SideResult) => microsPerDelivery(s.cpuSeconds, s.delivery.count);
	const ratio = perChange(r.samla) / perChange(r.relay);
	console.log(heading(`Floor · N = ${r.participants} boards, ${r.changesPerSecond} changes/s for ${r.durationMs / 1000} s · Samla next to a bare ws relay (issue 15)`));
	console.log('Relay: bench/ws-relay.mjs, every frame to every other connection unread; one sender sends the bytes of a Samla move.');
	console.log('Samla: moderators move notes with note:move (authorised, applied, committed to PostgreSQL, then sent); N lean board clients without presence (both sides carry only the moves).');
	console.log('CPU per delivered update = the process\'s CPU time / moves arrived at boards (a coalesced frame delivers several).');
	console.log(`Both connected and warm throughout, measured in ${r.rounds} windows each, in turn: relay, Samla, relay, …`);
	console.log(`Warm: first, not counted, the relay ${WARM_UP_MS / 1000} s of the same changes at the same rate; Samla ${count(SAMLA_WARM_UP.moves)} moves at ${SAMLA_WARM_UP.perSecond}/s (its command path runs once per change, the relay's once per delivery: see SAMLA_WARM_UP).`);
	console.log('A Samla window ends when the server is quiet again (what its moves set off after them, the theme-input projection, counts).');
	console.log(`Machine load average when the windows began ${load(r.loadAverage.start)}, when they ended ${load(r.loadAverage.end)}\n`);
	console.log(
		table([
			['', 'p50', 'p99', 'max', 'moves arrived', 'frames', 'missing', 'CPU (of it system)', 'CPU per delivered update'],
			['bare ws relay', ms(r.relay.delivery.p50), ms(r.relay.delivery.p99), ms(r.relay.delivery.max), count(r.relay.delivery.count), count(r.relay.updatesDelivered), count(r.relay.missing), `${r.relay.cpuSeconds.toFixed(2)} s (${r.relay.systemSeconds.toFixed(2)} s)`, `${perChange(r.relay).toFixed(1)} µs`],
			['Samla', ms(r.samla.delivery.p50), ms(r.samla.delivery.p99), ms(r.samla.delivery.max), count(r.samla.delivery.count), count(r.samla.updatesDelivered), count(r.samla.missing), `${r.samla.cpuSeconds.toFixed(2)} s (${r.samla.systemSeconds.toFixed(2)} s)`, `${perChange(r.samla).toFixed(1)} µs`],
			['Samla / relay', '', '', '', '', '', '', '', `${ratio.toFixed(2)} ×`]
		])
	);
	const threads = (s: SideResult) =>
		[...s.threads]
			.filter(([, seconds]) => seconds >= 0.005)
			.sort((a, b) => b[1] - a[1])
			.map(([name, seconds]) => `${name} ${seconds.toFixed(2)} s`)
			.join(', ');
	console.log(`CPU by thread: relay ${threads(r.relay)}; Samla ${threads(r.samla)}`);
	// Each Samla window next to the relay window just before it: how far one run's figure wanders.
	const byWindow = r.samla.perWindow.map((samla, i) => `${(samla / r.relay.perWindow[i]).toFixed(2)} ×`).join(', ');
	console.log(`Samla / relay by window (each Samla window over the relay window before it): ${byWindow}`);
	const refused = Object.entries(r.samla.refused).map(([c, n]) => `${c} × ${n}`).join(', ') || 'none';
	console.log(`Samla: commands without an answer ${r.samla.acksMissing}; refused: ${refused}`);
	return [
		[`CPU per delivered update, Samla / bare ws relay, N = ${r.participants}, ${r.changesPerSecond}/s`, `${ratio.toFixed(2)} × (${perChange(r.samla).toFixed(1)} / ${perChange(r.relay).toFixed(1)} µs)`, `≤ ${FLOOR_TARGETS.cpuRatio} ×`, verdict(ratio <= FLOOR_TARGETS.cpuRatio)],
		[`p99 delivery, Samla vs relay, N = ${r.participants}`, `${ms(r.samla.delivery.p99)} vs ${ms(r.relay.delivery.p99)}`, `≤ relay + ${FLOOR_TARGETS.p99OverRelayMs} ms`, verdict(r.samla.delivery.p99 <= r.relay.delivery.p99 + FLOOR_TARGETS.p99OverRelayMs)]
	];
}

export function printGroupingStorm(r: GroupingStorm): string[][] {
	console.log(heading(`Grouping storm · N = ${r.participants} participants moving notes, ${r.movesPerSecond} moves/s for ${r.durationMs / 1000} s (issue 15)`));
	console.log('Every participant: a lean board client and a socket.io socket; each sends note:move in turn (everyone may group).');
	console.log(`Machine load average before: ${load(r.loadAverage)}; the server was quiet ${r.settleSeconds.toFixed(0)} s after everyone connected (the board's duplicate index, issue 14), then the storm began\n`);
	console.log(
		table([
			['', 'p50', 'p99', 'max', 'samples'],
			['move → each board (command sent → update arrives)', ms(r.delivery.p50), ms(r.delivery.p99), ms(r.delivery.max), count(r.delivery.count)],
			['note:move ack (committed)', ms(r.ack.p50), ms(r.ack.p99), ms(r.ack.max), count(r.ack.count)]
		])
	);
	const refused = Object.entries(r.refused).map(([c, n]) => `${c} × ${n}`).join(', ') || 'none';
	const first = Object.entries(r.firstRefused).map(([c, n]) => `${c} × ${n}`).join(', ') || 'none';
	console.log(`First attempts refused: ${first} (${count(r.retried)} moves sent again as the outbox does, after the retry hint)`);
	console.log(`Sent ${count(r.sent)} moves, answered ${count(r.answered)}; finally refused: ${refused}; deliveries missing ${count(r.missing)} of ${count(r.deliveriesExpected)}; server CPU ${r.cpuSeconds.toFixed(1)} s`);
	return [
		[`grouping storm p99 delivery, N = ${r.participants}, ${r.movesPerSecond} moves/s`, ms(r.delivery.p99), `≤ ${FLOOR_TARGETS.stormP99Ms} ms`, verdict(r.delivery.p99 <= FLOOR_TARGETS.stormP99Ms)],
		['grouping storm: every command answered, every delivery arrives', `${count(r.answered)} / ${count(r.sent)} answered, ${count(r.missing)} missing`, 'all, none', verdict(r.answered === r.sent && r.missing === 0)]
	];
}

export function printVoteStorm(r: VoteStorm): string[][] {
	console.log(heading(`Vote storm · ${r.participants} participants × ${r.votesEach} votes (+1 over budget each) within ${r.windowMs / 1000} s, votes revealed (issue 15)`));
	console.log(`Every participant holds a socket.io socket and receives votes:tallies. Machine load average before: ${load(r.loadAverage)}\n`);
	console.log(
		table([
			['', 'p50', 'p99', 'max', 'samples'],
			['vote:place, sent → final answer (retries included)', ms(r.ack.p50), ms(r.ack.p99), ms(r.ack.max), count(r.ack.count)],
			['vote:place, sent → first answer (OVERLOADED included)', ms(r.firstAck.p50), ms(r.firstAck.p99), ms(r.firstAck.max), count(r.firstAck.count)]
		])
	);
	const refused = Object.entries(r.refused).map(([c, n]) => `${c} × ${n}`).join(', ') || 'none';
	const first = Object.entries(r.firstRefused).map(([c, n]) => `${c} × ${n}`).join(', ') || 'none';
	console.log(`First attempts refused: ${first} (${count(r.retried)} votes sent again after the retry hint)`);
	console.log(
		`Sent ${count(r.sent)}, answered ${count(r.answered)}, accepted ${count(r.accepted)}; refused: ${refused}; over-votes ${r.overVotes}; stored votes ${count(r.storedVotes)}; tallies received = stored: ${r.talliesMatch ? 'yes' : 'NO'}`
	);
	console.log(`votes:tallies events per participant during the storm: median ${r.talliesEventsPerParticipant.p50}, max ${r.talliesEventsPerParticipant.max}; server CPU ${r.cpuSeconds.toFixed(1)} s`);
	return [
		[`vote storm ack p99 (final answer), ${r.participants} × ${r.votesEach} in ${r.windowMs / 1000} s`, ms(r.ack.p99), `≤ ${FLOOR_TARGETS.voteAckP99Ms} ms`, verdict(r.ack.p99 <= FLOOR_TARGETS.voteAckP99Ms)],
		['vote storm: over-votes, tallies = stored votes, every vote answered', `${r.overVotes}, ${r.talliesMatch ? 'yes' : 'no'}, ${count(r.answered)} / ${count(r.sent)}`, '0, yes, all', verdict(r.overVotes === 0 && r.talliesMatch && r.answered === r.sent)]
	];
}

export function printIdle(r: IdleMemory): string[][] {
	const mb = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MB`;
	const share = r.idleCpuSeconds / r.idleSeconds;
	console.log(heading(`Idle · ${count(r.participants)} participants, each a board connection (${r.presence ? 'with presence, as the stock provider sends it' : 'without presence'}) and a socket.io socket (issue 15)`));
	if (r.presence) console.log('Presence: a state on connect, renewed every 15–18 s, every newer state received echoed back; one moderator connected with presence too.');
	console.log(`Connected in ${r.connectSeconds.toFixed(0)} s; machine load average before: ${load(r.loadAverage)}, after the idle window: ${load(r.loadAverageAfter)}`);
	console.log(
		`Idle for ${r.idleSeconds.toFixed(0)} s (from when the server was quiet after the joins): server CPU ${r.idleCpuSeconds.toFixed(2)} s (${(share * 100).toFixed(1)} % of a core); awareness frames that reached the boards ${count(r.idleAwarenessFrames)} (${(r.idleAwarenessFrames / r.participants).toFixed(1)} per board)`
	);
	console.log(`Server RSS after a forced GC: ${mb(r.before)} before → ${mb(r.after)} with everyone (${kb((r.after - r.before) / r.participants)} per participant; heap + external ${mb(r.heapAfter)})`);
	const what = `${count(r.participants)} idle participants${r.presence ? ' with presence' : ''}`;
	return [
		[`server RSS with ${what}`, mb(r.after), `≤ ${mb(FLOOR_TARGETS.idleRssBytes)}`, verdict(r.after <= FLOOR_TARGETS.idleRssBytes)],
		[`server CPU while ${what} (${r.idleSeconds.toFixed(0)} s)`, `${(share * 100).toFixed(1)} % of a core`, '', '']
	];
}
