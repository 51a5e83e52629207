import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import type { Sql } from '../src/lib/server/db/sql';
import { arrangeMeeting, arrangeParticipants } from './arrange';
import { boardClient, type ArrivalSink, type BoardClient, type ClientKind } from './board-client';
import type { Cleanup } from './cleanup';
import { command, meetingSocket, type MeetingSocket } from './meeting-socket';
import { startServer } from './server-process';
import { summarise, type Summary } from './stats';

export interface LiveLoadOptions {
	participants: number;
	durationMs: number;
	client: ClientKind;
	/** Each participant posts this many notes per minute, at a random phase. */
	notesPerParticipantPerMinute: number;
	/** note:move commands per second, spread over `moderatorSockets` (the server allows 20/s per socket). */
	movesPerSecond: number;
	moderatorSockets: number;
	/** Notes the moderators move back and forth between two clusters. */
	movableNotes: number;
	/** Participants connecting at the same time. */
	connectConcurrency: number;
}

export interface LiveLoadResult {
	options: LiveLoadOptions;
	/** The machine's 1, 5 and 15 minute load averages when the scenario started. */
	loadAverage: number[];
	/** Time to connect and sync every participant's board, then every meeting socket. */
	connectBoardsSeconds: number;
	connectSocketsSeconds: number;
	/** Emit → arrival, one sample per (note, other client). */
	delivery: Summary;
	/** Emit → arrival at the last of the other clients, one sample per note. */
	toEveryone: Summary;
	/** Emit → arrival at the first other client (the command's path through the server), per note. */
	toFirst: Summary;
	/** First → last arrival of a note (the fan-out to every client), per note. */
	spread: Summary;
	noteAck: Summary;
	moveAck: Summary;
	notesSent: number;
	notesIncomplete: number;
	movesSent: number;
	failures: Record<string, number>;
	updatesDelivered: number;
	awarenessDelivered: number;
	windowSeconds: number;
	serverCpuSeconds: number;
	benchCpuSeconds: number;
	/** How late the load generator's own 20 ms timer fired: its event loop's delay. */
	benchLoopLag: Summary;
	/** The meeting-rules read that every command makes, timed from the bench every 100 ms during the load. */
	databaseRoundTrip: Summary;
	/** Server memory after a forced GC: before the participants, with their boards, with boards and sockets. */
	memory: { before: MemoryReading; withBoards: MemoryReading; withBoardsAndSockets: MemoryReading };
}

export interface MemoryReading {
	/** Resident set size from /proc/<pid>/status. */
	rss: number;
	/** JS heap in use + external (Buffers, native objects bound to JS): what V8 accounts for. */
	tracked: number;
	/** The JS heap V8 has committed (used or not). */
	heapTotal: number;
}

interface InFlightNote {
	id: string;
	idBytes: Buffer;
	sentAt: number;
	seen: Uint8Array;
	remaining: number;
	firstAt: number | null;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const id = (prefix: string) => `${prefix}-${randomBytes(9).toString('base64url')}`;

/**
 * One live meeting under load on a freshly started server: N participants on the board
 * (y-websocket) and on the meeting socket (socket.io), each posting notes, while moderators
 * move notes between two clusters. Measures note latency to every other client, server CPU per
 * delivered update and server memory per connected participant.
 */
export async function runLiveLoad(databaseUrl: string, sql: Sql, cleanup: Cleanup, options: LiveLoadOptions): Promise<LiveLoadResult> {
	const n = options.participants;
	const loadAverage = loadavg();
	const server = await startServer(databaseUrl, cleanup);
	const sockets: MeetingSocket[] = [];
	const clients: BoardClient[] = [];
	const closeClients = cleanup.add('close the simulated clients', () => {
		for (const client of clients) client.close();
		for (const socket of sockets) socket.disconnect();
	});
	try {
		const meeting = await arrangeMeeting(sql, { moderators: options.moderatorSockets });
		const participants = await arrangeParticipants(sql, meeting.meetingId, n);

		// Moderators: two clusters and the notes they will move between them.
		const moderators = await Promise.all(meeting.moderatorTokens.map((t) => meetingSocket(server.url, meeting.meetingId, t)));
		sockets.push(...moderators);
		const clusterIds = [id('cluster-a'), id('cluster-b')];
		for (const [i, clusterId] of clusterIds.entries()) await mustAck(command(moderators[0], 'cluster:create', { id: clusterId, title: `Kluster ${i + 1}` }));
		const movable: string[] = [];
		for (let i = 0; i < options.movableNotes; i++) {
			const noteId = id('moved');
			movable.push(noteId);
			await mustAck(command(moderators[0], 'note:add', { id: noteId, text: `Att flytta ${i + 1}`, clusterId: clusterIds[i % 2] }));
		}

		// Boards first, then meeting sockets, a few at a time, so each channel's memory shows separately.
		// (Everything opened is also listed in `clients` and `sockets`, closed at the end whatever happens.)
		const connectBoards = async (sink: ArrivalSink) => {
			const opened: BoardClient[] = [];
			for (let i = 0; i < n; i += options.connectConcurrency) {
				await Promise.all(
					participants.slice(i, i + options.connectConcurrency).map(async (p, j) => {
						const client = boardClient(options.client, server.url, meeting.meetingId, p.token, i + j, sink);
						opened.push(client);
						clients.push(client);
						await client.synced;
					})
				);
			}
			return opened;
		};
		const connectSockets = async () => {
			const opened: MeetingSocket[] = [];
			for (let i = 0; i < n; i += options.connectConcurrency) {
				const batch = await Promise.all(participants.slice(i, i + options.connectConcurrency).map((p) => meetingSocket(server.url, meeting.meetingId, p.token)));
				opened.push(...batch);
				sockets.push(...batch);
			}
			return opened;
		};

		// A warm-up wave: everyone connects once and leaves again before the baseline. The first burst
		// of connections grows V8's young generation and the allocators' pools once, whatever N is;
		// that one-off growth is not memory per participant.
		const noSink: ArrivalSink = { update() {}, notesAdded() {}, awareness() {} };
		const warmBoards = await connectBoards(noSink);
		const warmSockets = await connectSockets();
		for (const client of warmBoards) client.close();
		for (const socket of warmSockets) socket.disconnect();
		const settle = async (): Promise<MemoryReading> => {
			await sleep(1500);
			await server.collectGarbage();
			await sleep(500);
			const { heapUsed, heapTotal, external } = await server.collectGarbage();
			return { rss: server.rssBytes(), tracked: heapUsed + external, heapTotal };
		};
		const before = await settle();

		// Arrival tracking shared by every client.
		const inFlight = new Map<string, InFlightNote>();
		const deliveries: number[] = [];
		const toEveryone: number[] = [];
		let counting = false;
		let updatesDelivered = 0;
		let awarenessDelivered = 0;
		const toFirst: number[] = [];
		const spread: number[] = [];
		const arrived = (note: InFlightNote, index: number, at: number) => {
			if (note.seen[index]) return;
			note.seen[index] = 1;
			deliveries.push(at - note.sentAt);
			if (note.firstAt === null) {
				note.firstAt = at;
				toFirst.push(at - note.sentAt);
			}
			if (--note.remaining === 0) {
				toEveryone.push(at - note.sentAt);
				spread.push(at - note.firstAt);
				inFlight.delete(note.id);
			}
		};
		const sink: ArrivalSink = {
			update(index, update) {
				if (counting) updatesDelivered++;
				if (!update || inFlight.size === 0) return;
				const at = performance.now();
				for (const note of inFlight.values()) if (!note.seen[index] && update.indexOf(note.idBytes) !== -1) arrived(note, index, at);
			},
			notesAdded(index, ids) {
				const at = performance.now();
				for (const noteId of ids) {
					const note = inFlight.get(noteId);
					if (note) arrived(note, index, at);
				}
			},
			awareness() {
				if (counting) awarenessDelivered++;
			}
		};

		// The participants connect for the measurement.
		const connectStart = performance.now();
		await connectBoards(sink);
		const connectBoardsSeconds = (performance.now() - connectStart) / 1000;
		const withBoards = await settle();
		const socketsStart = performance.now();
		const participantSockets = await connectSockets();
		const connectSocketsSeconds = (performance.now() - socketsStart) / 1000;
		const withBoardsAndSockets = await settle();

		// The load: notes at one per participant per minute (random phase), moves at a fixed rate.
		const noteAcks: number[] = [];
		const moveAcks: number[] = [];
		const failures: Record<string, number> = {};
		const fail = (code: string) => (failures[code] = (failures[code] ?? 0) + 1);
		let notesSent = 0;
		let movesSent = 0;
		const timers: ReturnType<typeof setTimeout>[] = [];
		const periodMs = 60_000 / options.notesPerParticipantPerMinute;

		const postNote = (author: number) => {
			const noteId = id(`note-${author}`);
			const note: InFlightNote = { id: noteId, idBytes: Buffer.from(noteId), sentAt: performance.now(), seen: new Uint8Array(n), remaining: n - 1, firstAt: null };
			note.seen[author] = 1;
			if (note.remaining > 0) inFlight.set(noteId, note);
			notesSent++;
			void command(participantSockets[author], 'note:add', { id: noteId, text: `Idé från deltagare ${author + 1}: fler mötesplatser för unga i hela länet (${noteId})` }).then((ack) => {
				if (ack.ok) noteAcks.push(performance.now() - note.sentAt);
				else {
					fail(`note:add ${ack.code}`);
					inFlight.delete(noteId);
				}
			});
		};
		const moveNote = (k: number) => {
			const noteIndex = k % movable.length;
			const clusterId = clusterIds[(Math.floor(k / movable.length) + noteIndex + 1) % 2];
			const sentAt = performance.now();
			movesSent++;
			void command(moderators[k % moderators.length], 'note:move', { id: movable[noteIndex], clusterId, beforeId: null }).then((ack) => {
				if (ack.ok) moveAcks.push(performance.now() - sentAt);
				else fail(`note:move ${ack.code}`);
			});
		};

		const lag = lagProbe();
		const database = databaseProbe(sql, meeting.meetingId);
		const benchCpu0 = process.cpuUsage();
		const cpu0 = server.cpuSeconds();
		const start = performance.now();
		counting = true;
		for (let author = 0; author < n; author++) {
			for (let at = Math.random() * periodMs; at < options.durationMs; at += periodMs) timers.push(setTimeout(() => postNote(author), at));
		}
		let movesDue = 0;
		const moveTimer = setInterval(() => {
			const due = Math.floor(((performance.now() - start) / 1000) * options.movesPerSecond);
			while (movesDue < due) moveNote(movesDue++);
		}, 5);
		await sleep(options.durationMs);
		clearInterval(moveTimer);
		for (const timer of timers) clearTimeout(timer);
		// Let the last notes and moves arrive.
		const drainUntil = performance.now() + 5000;
		while (inFlight.size > 0 && performance.now() < drainUntil) await sleep(20);
		await sleep(200);
		counting = false;
		const windowSeconds = (performance.now() - start) / 1000;
		const serverCpuSeconds = server.cpuSeconds() - cpu0;
		const benchCpu = process.cpuUsage(benchCpu0);
		const loopLag = lag.stop();
		const databaseRoundTrip = await database.stop();

		return {
			options,
			loadAverage,
			connectBoardsSeconds,
			connectSocketsSeconds,
			delivery: summarise(deliveries),
			toEveryone: summarise(toEveryone),
			toFirst: summarise(toFirst),
			spread: summarise(spread),
			noteAck: summarise(noteAcks),
			moveAck: summarise(moveAcks),
			notesSent,
			notesIncomplete: inFlight.size,
			movesSent,
			failures,
			updatesDelivered,
			awarenessDelivered,
			windowSeconds,
			serverCpuSeconds,
			benchCpuSeconds: (benchCpu.user + benchCpu.system) / 1e6,
			benchLoopLag: loopLag,
			databaseRoundTrip,
			memory: { before, withBoards, withBoardsAndSockets }
		};
	} finally {
		await closeClients();
		await server.stop();
	}
}

/** Measures how late a 20 ms timer fires in this process (the load generator's event-loop delay). */
function lagProbe() {
	const lateness: number[] = [];
	let expected = performance.now() + 20;
	let timer = setTimeout(function tick() {
		const now = performance.now();
		lateness.push(now - expected);
		expected = now + 20;
		timer = setTimeout(tick, 20);
	}, 20);
	return {
		stop() {
			clearTimeout(timer);
			return summarise(lateness);
		}
	};
}

/** Times the read every command makes first (the meeting's rules) against the same PostgreSQL. */
function databaseProbe(sql: Sql, meetingId: string) {
	const times: number[] = [];
	let running = true;
	const loop = (async () => {
		while (running) {
			const start = performance.now();
			await sql`select phase, who_may_group, locked, archived_at from meetings where id = ${meetingId}`;
			times.push(performance.now() - start);
			await sleep(100);
		}
	})().catch(() => {
		// The pool was closed under it (Ctrl-C): the bench is stopping anyway.
	});
	return {
		async stop() {
			running = false;
			await loop;
			return summarise(times);
		}
	};
}

async function mustAck(ack: Promise<{ ok: boolean; code?: string; message?: string }>): Promise<void> {
	const result = await ack;
	if (!result.ok) throw new Error(`Arranging the board failed: ${result.code} ${result.message}`);
}
