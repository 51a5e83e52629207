import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { io, type Socket } from 'socket.io-client';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { awarenessFrame, MESSAGE_SYNC } from '../../src/lib/protocol/board-messages';
import { createParticipantSession } from '../../src/lib/server/auth/participant-session';
import { createSession } from '../../src/lib/server/auth/session';
import type { Sql } from '../../src/lib/server/db/sql';
import { randomJoinCode } from '../../src/lib/server/random-join-code';
import type { Ack } from '../../src/lib/protocol/errors';
import type { AnswerTo } from '../../src/lib/protocol/contract';

/** A process with one meeting and a moderator, arranged directly in the app's database. */
export async function arrangeMeeting(
	sql: Sql,
	settings: { phase?: string; whoMayGroup?: 'moderators' | 'everyone'; anonymous?: boolean; private?: boolean } = {}
) {
	const [moderator] = await sql<{ id: string }[]>`
		insert into moderators (email, name, password_hash)
		values (${`mod-${randomUUID()}@example.se`}, 'Maja Moderator', 'not-a-real-hash') returning id`;
	const [process] = await sql<{ id: string }[]>`
		insert into processes (title, created_by) values ('Testprocess', ${moderator.id}) returning id`;
	await sql`insert into process_moderators (process_id, moderator_id, role) values (${process.id}, ${moderator.id}, 'owner')`;
	const code = randomJoinCode();
	const [meeting] = await sql<{ id: string }[]>`
		insert into meetings (process_id, theme_title, join_code, phase, who_may_group, anonymous_authors, notes_private_until_reveal)
		values (${process.id}, 'Framtidens kulturliv', ${code}, ${settings.phase ?? 'brainstorm'},
		        ${settings.whoMayGroup ?? 'moderators'}, ${settings.anonymous ?? false}, ${settings.private ?? false})
		returning id`;
	const moderatorToken = (await createSession(sql, moderator.id)).token;
	return { meetingId: meeting.id, processId: process.id, moderatorId: moderator.id, moderatorToken };
}

export async function arrangeParticipant(sql: Sql, meetingId: string, name: string) {
	const [participant] = await sql<{ id: string }[]>`
		insert into participants (meeting_id, display_name, attendance)
		values (${meetingId}, ${name}, 'remote') returning id`;
	const { token } = await createParticipantSession(sql, participant.id);
	return { id: participant.id, token };
}

/** A meeting (see arrangeMeeting) with one participant, and the moderator's and the participant's meeting sockets open. */
export async function arrangeConnectedMeeting(app: { url: string; sql: Sql }, name: string, settings?: Parameters<typeof arrangeMeeting>[1]) {
	const meeting = await arrangeMeeting(app.sql, settings);
	const participant = await arrangeParticipant(app.sql, meeting.meetingId, name);
	const moderator = await meetingSocket(app.url, meeting.meetingId, meeting.moderatorToken);
	const socket = await meetingSocket(app.url, meeting.meetingId, participant.token);
	return { meeting, participant, moderator, socket };
}

/**
 * A meeting socket as a script would open it: socket.io-client with the token in `auth`; resolved on
 * `ready`, or on `until`: the server reads and sends the initial state after `ready`, and a test
 * that cuts PostgreSQL at once must wait for its last event (server/realtime.ts: a moderator's is
 * `votes:progress` before the reveal, a participant's `votes:mine` outside `rank` and `closed`).
 */
export async function meetingSocket(baseUrl: string, meetingId: string, token: string, until = 'ready'): Promise<Socket> {
	const socket = io(`${baseUrl}/meeting`, { path: '/socket.io', auth: { meetingId, token }, transports: ['websocket'], forceNew: true });
	await new Promise<void>((resolve, reject) => {
		socket.once(until, () => resolve());
		socket.once('connect_error', reject);
	});
	return socket;
}

/** Sends a command (any name, any payload: tests send hostile ones too); the answer is typed by the contract. */
export function command<N extends string>(socket: Socket, name: N, payload: unknown, timeoutMs = 10_000): Promise<AnswerTo<N>> {
	return socket.timeout(timeoutMs).emitWithAck(name, payload);
}

/** An accepted command's answer, with its fields; a refusal fails the test with its code and message. */
export function accepted<T extends object>(ack: Ack<T>): { ok: true } & T {
	if (!ack.ok) throw new Error(`Refused: ${ack.code} ${ack.message}`);
	return ack;
}

/** The stock y-websocket client provider, as any integrator would use it. */
export function boardClient(baseUrl: string, meetingId: string, token: string) {
	const doc = new Y.Doc();
	const provider = new WebsocketProvider(`${baseUrl.replace(/^http/, 'ws')}/yjs`, meetingId, doc, {
		WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
		params: { token },
		disableBc: true
	});
	const synced = new Promise<void>((resolve) => {
		if (provider.synced) resolve();
		provider.once('sync', () => resolve());
	});
	return { doc, provider, synced, destroy: () => provider.destroy() };
}

/** Resolves when `predicate(doc)` holds, checked after every change; rejects after `ms`. */
export function until(doc: Y.Doc, predicate: (doc: Y.Doc) => boolean, ms = 5000): Promise<void> {
	if (predicate(doc)) return Promise.resolve();
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => {
			doc.off('update', check);
			reject(new Error('condition not reached in time'));
		}, ms);
		const check = () => {
			if (!predicate(doc)) return;
			clearTimeout(timer);
			doc.off('update', check);
			resolve();
		};
		doc.on('update', check);
	});
}

/**
 * Sends every command at once and kills `server` with SIGKILL as soon as `killAfter` of them are
 * acknowledged, while the others are in flight (or when all are answered first). Resolves, once
 * every command has an answer or has failed, with the keys of those acknowledged.
 */
export async function killWhileInFlight(server: ChildProcess, sends: { key: string; send(): Promise<Ack> }[], killAfter: number): Promise<string[]> {
	const acknowledged: string[] = [];
	let enough = () => {};
	const reached = new Promise<void>((resolve) => (enough = resolve));
	const inFlight = sends.map(({ key, send }) =>
		send().then(
			(ack) => {
				if (ack.ok && acknowledged.push(key) >= killAfter) enough();
			},
			() => undefined
		)
	);
	await Promise.race([reached, Promise.all(inFlight)]);
	server.kill('SIGKILL');
	await Promise.all(inFlight);
	return acknowledged;
}

export const noteId = () => `n-${randomUUID()}`;

/**
 * A round trip on a meeting socket (a command the server refuses at once, changing nothing): when
 * it resolves, every event the server emitted to this socket before has been delivered. Used
 * before asserting that something did NOT arrive, instead of waiting a fixed time.
 */
export async function socketRoundTrip(socket: Socket): Promise<void> {
	const ack = await command(socket, 'vote:remove', {});
	if (ack.ok || ack.code !== 'VALIDATION') throw new Error(`Unexpected round-trip answer ${JSON.stringify(ack)}`);
}

/**
 * A round trip on a raw board WebSocket: sync step 1 with `known`'s state vector, resolved on the
 * server's step 2 (only what `known` lacks). Every frame the server sent before has arrived then.
 */
export function boardRoundTrip(ws: WebSocket, known: Y.Doc): Promise<void> {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MESSAGE_SYNC);
	syncProtocol.writeSyncStep1(encoder, known);
	return new Promise((resolve) => {
		const onMessage = (data: Buffer) => {
			if (data[0] !== MESSAGE_SYNC || data[1] !== syncProtocol.messageYjsSyncStep2) return;
			ws.off('message', onMessage);
			resolve();
		};
		ws.on('message', onMessage);
		ws.send(encoding.toUint8Array(encoder));
	});
}

/** A raw presence frame as a modified client would send it: one awareness state for `clientId`. */
export function awarenessMessage(clientId: number, clock: number, state: unknown): Uint8Array {
	return awarenessFrame([[clientId, clock, JSON.stringify(state)]]);
}
