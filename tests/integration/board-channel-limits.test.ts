import { beforeAll, describe, expect, it } from 'vitest';
import { connect, type Socket as TcpSocket } from 'node:net';
import { randomUUID } from 'node:crypto';
import { io } from 'socket.io-client';
import WebSocket from 'ws';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import { addNote } from '../../src/lib/board/board';
import { upgradeBoard } from '../../src/lib/board/migrations';
import { CloseCode } from '../../src/lib/protocol/close-codes';
import type { Sql } from '../../src/lib/server/db/sql';
import { arrangeMeeting, arrangeParticipant, boardClient, meetingSocket } from './board-fixtures';
import { pollUntil, useTestApp, type TestApp } from './harness';
import { INSPECTED, inspectorAddress, memoryAfterCollection, openFiles } from './inspector';
import { frame, residentBytes, upgradeRequest } from './raw-socket';

// Issue 9, defects 2, 3, 4 and 20: the board channel bounds the work and memory one connection can
// cost, closes with codes the stock provider understands, and drops connections that stopped reading.

const MiB = 1024 * 1024;

/** A raw WebSocket to /yjs/<meeting> (the ws library, as a modified client would use it). */
function raw(app: TestApp, meetingId: string, token: string) {
	const ws = new WebSocket(`${app.url.replace(/^http/, 'ws')}/yjs/${meetingId}?token=${token}`);
	const opened = new Promise<void>((resolve, reject) => {
		ws.once('open', () => resolve());
		ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
		ws.once('error', reject);
	});
	const closed = new Promise<{ code: number; reason: string }>((resolve) => ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
	/** 'accepted' once the server greets (sync step 1), 'refused' when it closes first. */
	const verdict = Promise.race([
		new Promise<'accepted'>((resolve) => ws.once('message', () => resolve('accepted'))),
		closed.then(() => 'refused' as const)
	]);
	ws.on('error', () => {});
	opened.catch(() => {});
	return { ws, opened, closed, verdict };
}

/** Sync step 1 with a state vector of `entries` made-up clients (an empty one asks for the whole board). */
function stateRequest(entries = 0): Uint8Array {
	const sv = encoding.createEncoder();
	encoding.writeVarUint(sv, entries);
	for (let i = 0; i < entries; i++) {
		encoding.writeVarUint(sv, 1_000_000 + i);
		encoding.writeVarUint(sv, i + 1);
	}
	const e = encoding.createEncoder();
	encoding.writeVarUint(e, 0);
	encoding.writeVarUint(e, syncProtocol.messageYjsSyncStep1);
	encoding.writeVarUint8Array(e, encoding.toUint8Array(sv));
	return encoding.toUint8Array(e);
}

/** A board at its size limit (2 000 notes of 500 characters, ~2 MB), stored as the server would load it. */
async function arrangeFullBoard(sql: Sql, meetingId: string) {
	const doc = new Y.Doc();
	upgradeBoard(doc);
	for (let i = 0; i < 2000; i++) {
		const result = addNote(doc, { id: `n-${randomUUID()}`, text: `Idé ${i} `.padEnd(500, 'åäö'), createdAt: 1_700_000_000_000 + i });
		if (!result.ok) throw new Error(`could not arrange note ${i}: ${result.code}`);
	}
	await sql`insert into board_updates (meeting_id, update) values (${meetingId}, ${Buffer.from(Y.encodeStateAsUpdate(doc))})`;
}

/**
 * A client that never reads: the upgrade request and `frames` are written at once, then nothing is
 * read until `resume()`, which reads everything queued for it and resolves with the close code.
 */
function nonReader(app: TestApp, meetingId: string, token: string, frames: Uint8Array[] = []) {
	const { hostname, port } = new URL(app.url);
	const socket: TcpSocket = connect(Number(port), hostname);
	socket.pause();
	socket.on('error', () => {});
	socket.on('connect', () => {
		socket.write(upgradeRequest(`/yjs/${meetingId}?token=${token}`));
		for (const f of frames) socket.write(frame(2, f));
	});
	return {
		socket,
		/** Reads what the server sent; resolves with the code of its close frame (null if none came). */
		resume(): Promise<number | null> {
			return new Promise((resolve) => {
				let buffer = Buffer.alloc(0);
				let code: number | null = null;
				socket.on('data', (chunk: Buffer) => {
					buffer = Buffer.concat([buffer, chunk]);
					const head = buffer.indexOf('\r\n\r\n');
					if (head < 0 || code !== null) return;
					let offset = head + 4;
					for (;;) {
						if (buffer.length < offset + 2) break;
						const opcode = buffer[offset] & 0x0f;
						let length = buffer[offset + 1] & 0x7f;
						let start = offset + 2;
						if (length === 126) [length, start] = [buffer.readUInt16BE(offset + 2), offset + 4];
						else if (length === 127) [length, start] = [Number(buffer.readBigUInt64BE(offset + 2)), offset + 10];
						if (buffer.length < start + length) break;
						if (opcode === 8) {
							code = buffer.readUInt16BE(start);
							return resolve(code);
						}
						offset = start + length;
					}
					// Keep only the unparsed rest (after the headers).
					buffer = Buffer.concat([buffer.subarray(0, head + 4), buffer.subarray(offset)]);
				});
				socket.on('close', () => resolve(code));
				socket.resume();
			});
		}
	};
}

/** Resolves when the server's output has `n` lines containing `text`. */
function untilLogged(app: TestApp, text: string, n: number, ms = 30_000) {
	return pollUntil(() => app.output().split('\n').filter((l) => l.includes(text)).length, (count) => count >= n, `"${text}" logged ${n} times`, ms);
}

describe('board channel limits', () => {
	const app = useTestApp(INSPECTED);
	let meeting: Awaited<ReturnType<typeof arrangeMeeting>>;
	let anna: { id: string; token: string };

	beforeAll(async () => {
		meeting = await arrangeMeeting(app.sql);
		anna = await arrangeParticipant(app.sql, meeting.meetingId, 'Anna');
	});

	it('a state vector naming 100 000 clients is refused with 4413 before the work of answering it (defect 2)', async () => {
		const client = raw(app, meeting.meetingId, anna.token);
		await client.opened;
		client.ws.send(stateRequest(100_000));
		expect((await client.closed).code).toBe(CloseCode.StateVectorTooLong);
	});

	it('more than ten state requests in a row are closed as rate-limited with the transient 4529 (defect 2)', async () => {
		const client = raw(app, meeting.meetingId, anna.token);
		await client.opened;
		for (let i = 0; i < 20; i++) client.ws.send(stateRequest());
		expect((await client.closed).code).toBe(CloseCode.RateLimited);
	});

	it('the stock provider reconnects by itself after being rate-limited: 4529 is transient, unlike 4429 (defect 4)', async () => {
		const client = boardClient(app.url, meeting.meetingId, anna.token);
		await client.synced;
		const closes: number[] = [];
		let gaveUp = false;
		client.provider.on('connection-close', (event: CloseEvent | null) => closes.push(event?.code ?? 0));
		client.provider.on('closed', () => (gaveUp = true));
		const resynced = new Promise<void>((resolve) =>
			client.provider.on('sync', (synced: boolean) => {
				if (synced && closes.length) resolve();
			})
		);
		const step1 = stateRequest();
		for (let i = 0; i < 300; i++) client.provider.ws!.send(step1 as Uint8Array<ArrayBuffer>);
		await resynced;
		expect(closes[0]).toBe(CloseCode.RateLimited);
		expect(gaveUp).toBe(false);
		client.destroy();
	});

	it('ten oversized frames at once are each closed with 1009, never 1006 (defect 4)', async () => {
		const clients = Array.from({ length: 10 }, () => raw(app, meeting.meetingId, anna.token));
		await Promise.all(clients.map((c) => c.opened));
		for (const c of clients) c.ws.send(new Uint8Array(2 * MiB));
		const codes = await Promise.all(clients.map((c) => c.closed.then((x) => x.code)));
		expect(codes).toEqual(Array(10).fill(1009));
	});

	it('an eleventh board connection and an eleventh meeting socket of one person are refused (defect 3)', async () => {
		const bo = await arrangeParticipant(app.sql, meeting.meetingId, 'Bo');
		const boards = Array.from({ length: 10 }, () => raw(app, meeting.meetingId, bo.token));
		await Promise.all(boards.map((c) => c.opened));
		const eleventh = raw(app, meeting.meetingId, bo.token);
		expect((await eleventh.closed).code).toBe(CloseCode.TooManyConnections);
		// Another person is not affected.
		const other = raw(app, meeting.meetingId, anna.token);
		await other.opened;
		other.ws.close();

		const sockets = await Promise.all(Array.from({ length: 10 }, () => meetingSocket(app.url, meeting.meetingId, bo.token)));
		const refused = io(`${app.url}/meeting`, { path: '/socket.io', auth: { meetingId: meeting.meetingId, token: bo.token }, transports: ['websocket'], forceNew: true });
		const error = await new Promise<Error & { data?: { code?: string } }>((resolve) => refused.once('connect_error', resolve));
		expect(error.data?.code).toBe('TOO_MANY_CONNECTIONS');
		refused.close();

		// Closing one makes room again.
		sockets[0].close();
		const again = (await pollUntil(
			() => meetingSocket(app.url, meeting.meetingId, bo.token).catch(() => null),
			(socket) => socket !== null,
			'room for a connection again'
		))!;
		again.close();
		for (const s of sockets) s.close();
		for (const b of boards) b.ws.close();
	});

	it('3 clients that ask for a full board 30 times and never read are closed with 4508 while the server grows < 50 MiB (defect 3)', { timeout: 90_000 }, async () => {
		const full = await arrangeMeeting(app.sql);
		await arrangeFullBoard(app.sql, full.meetingId);
		const carl = await arrangeParticipant(app.sql, full.meetingId, 'Carl');
		// The board is loaded and has been encoded once before the baseline.
		const reader = boardClient(app.url, full.meetingId, carl.token);
		await reader.synced;
		const baseline = residentBytes(app.process.pid!);

		const requests = Array.from({ length: 30 }, () => stateRequest());
		const logged = app.output().split('\n').filter((l) => l.includes('does not read')).length;
		const slow = Array.from({ length: 3 }, () => nonReader(app, full.meetingId, carl.token, requests));
		let peak = baseline;
		const sampler = setInterval(() => (peak = Math.max(peak, residentBytes(app.process.pid!))), 50);
		try {
			await untilLogged(app, 'does not read', logged + 3);
		} finally {
			clearInterval(sampler);
		}
		peak = Math.max(peak, residentBytes(app.process.pid!));
		console.log(`RSS baseline ${(baseline / MiB).toFixed(1)} MiB, peak ${(peak / MiB).toFixed(1)} MiB (+${((peak - baseline) / MiB).toFixed(1)})`);
		expect(peak - baseline).toBeLessThan(50 * MiB);
		expect(await Promise.all(slow.map((s) => s.resume()))).toEqual([CloseCode.SlowConsumer, CloseCode.SlowConsumer, CloseCode.SlowConsumer]);
		reader.destroy();
	});

	it('frozen board clients (no reads, no pongs) are dropped within 60 s and the server gives back what they held, while a silent one that answers pings stays (defect 20)', { timeout: 90_000 }, async () => {
		const dora = await arrangeParticipant(app.sql, meeting.meetingId, 'Dora');
		// Memory as the server's JavaScript holds it after a full collection, and its open sockets:
		// RSS alone follows the collector's schedule (on a loaded machine it stayed 80 MiB up for
		// 30 s after everything was dropped, and a few MiB up on another run).
		const inspector = (await pollUntil(() => inspectorAddress(app.output()), Boolean, 'the inspector address'))!;
		const heldBefore = held(await memoryAfterCollection(inspector));
		const filesBefore = openFiles(app.process.pid!);
		const frozenAt = Date.now();
		// Ten that stop reading once connected (and so never answer a ping), every connection Dora may have …
		const frozen = await Promise.all(Array.from({ length: 10 }, () => frozenClient(app, meeting.meetingId, dora.token)));
		// … and three that read but never answer pings, which see the server close (ms after frozenAt).
		const muteClosedAfter: number[] = [];
		for (let i = 0; i < 3; i++) {
			const { hostname, port } = new URL(app.url);
			const socket = connect(Number(port), hostname, () => socket.write(upgradeRequest(`/yjs/${meeting.meetingId}?token=${anna.token}`)));
			socket.on('data', () => {});
			socket.on('error', () => {});
			socket.on('close', () => muteClosedAfter.push(Date.now() - frozenAt));
		}
		// … and one that says nothing but answers pings (the ws library does), which stays connected.
		const silent = raw(app, meeting.meetingId, anna.token);
		await silent.opened;
		// While they hang, Dora cannot connect again …
		await untilConnectionsHeld(app, meeting.meetingId, dora.token);
		// … until the server has dropped them: at the check that closes the ping-less readers too, as
		// they were all pinged at the check before (silent since they connected).
		await pollUntil(() => muteClosedAfter.length, (closed) => closed === 3, 'the server to close the ping-less readers', 60_000);
		const accepted = await pollUntil(
			async () => {
				const attempt = raw(app, meeting.meetingId, dora.token);
				return (await attempt.verdict) === 'accepted' ? attempt : null;
			},
			(attempt) => attempt !== null,
			'the server to drop the frozen connections'
		);
		accepted!.ws.close();
		const droppedAfter = Date.now() - frozenAt;
		console.log(`frozen clients dropped after ${droppedAfter} ms; ping-less readers closed after ${muteClosedAfter.join(', ')} ms`);
		expect(droppedAfter).toBeLessThan(60_000);
		for (const ms of muteClosedAfter) expect(ms).toBeLessThan(60_000);
		// By now the server has pinged the silent one (silent for half of the 20 s between checks) and
		// checked again: it answered, so it is still open.
		expect(Math.max(...muteClosedAfter)).toBeGreaterThan(20_000);
		expect(silent.ws.readyState).toBe(WebSocket.OPEN);
		silent.ws.close();
		// Every socket closed on the server's side (the last ones as their close handshakes end) …
		await pollUntil(() => openFiles(app.process.pid!), (files) => files <= filesBefore, 'the sockets closed');
		// … and what the connections held is given back. Within a few MiB: other rooms load and unload
		// meanwhile (the previous test's 2 MB board 30 s after its last client), and code run for the
		// first time stays compiled (-2.6 to +2.1 MiB in runs here and in CI).
		const heldAfter = held(await memoryAfterCollection(inspector));
		console.log(`held after a full collection: ${(heldBefore / MiB).toFixed(1)} MiB before the frozen clients, ${(heldAfter / MiB).toFixed(1)} MiB once they were dropped`);
		expect(heldAfter - heldBefore).toBeLessThan(8 * MiB);
		for (const f of frozen) f.destroy();
	});
});

/** What the server's JavaScript holds: its heap, and its buffers outside the heap (what a connection has not sent yet, among others). */
const held = (memory: NodeJS.MemoryUsage) => memory.heapUsed + memory.external;

/** A board client that freezes once the server greeted it: it sends a state request, then reads nothing and answers no ping. */
function frozenClient(app: TestApp, meetingId: string, token: string): Promise<TcpSocket> {
	const { hostname, port } = new URL(app.url);
	return new Promise((resolve) => {
		const socket = connect(Number(port), hostname, () => socket.write(upgradeRequest(`/yjs/${meetingId}?token=${token}`)));
		socket.on('error', () => {});
		let received = Buffer.alloc(0);
		const onData = (chunk: Buffer) => {
			received = Buffer.concat([received, chunk]);
			const head = received.indexOf('\r\n\r\n');
			if (head < 0 || received.length < head + 4 + 2) return; // the 101 and the first frame
			socket.off('data', onData);
			socket.pause();
			socket.write(frame(2, stateRequest()));
			resolve(socket);
		};
		socket.on('data', onData);
	});
}

/** Resolves once a further board connection with `token` is refused with TooManyConnections. */
async function untilConnectionsHeld(app: TestApp, meetingId: string, token: string) {
	for (;;) {
		const attempt = raw(app, meetingId, token);
		if ((await attempt.verdict) === 'refused' && (await attempt.closed).code === CloseCode.TooManyConnections) return;
		attempt.ws.close();
	}
}
