import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { getNote } from '../../src/lib/board/board';
import { CloseCode } from '../../src/lib/protocol/close-codes';
import type { Logger } from '../../src/lib/server/log';
import type { Sql } from '../../src/lib/server/db/sql';
import { authenticateForMeeting, isMeetingId, meetingRules, credentialsFor, type Principal } from './access';
import { ConnectionCap, tokenBucket, type RateLimiter } from '../rate-limit';
import type { RoomRegistry } from './registry';
import { MESSAGE_AWARENESS, MESSAGE_QUERY_AWARENESS, MESSAGE_SYNC } from '../../src/lib/protocol/board-messages';
import type { BoardPeer, Room } from './room';
import { OwnedElsewhere } from '../fleet/ownership';
import { FrameCache, framedWriteTarget, hasNoExtensions } from './framing';

export interface BoardEndpointLimits {
	/** Largest frame a client may send (bytes). Legit clients send state vectors and presence. */
	maxFrameBytes: number;
	/** Token bucket per connection: sustained messages per second and burst. */
	messagesPerSecond: number;
	burst: number;
	/** Largest JSON presence state (bytes of UTF-8). */
	maxAwarenessBytes: number;
	/** Token bucket per connection for state requests (sync step 1): each costs an encoding of the board. */
	stateRequestsPerSecond: number;
	stateRequestBurst: number;
	/** A state vector may name at most this many clients more than the board has. */
	stateVectorSlack: number;
	/** Unsent bytes a connection may have queued before it is closed as a slow consumer. */
	maxBufferedBytes: number;
	/** Board connections one person (participant, moderator, projector) may have open to a meeting. */
	maxConnectionsPerPerson: number;
	/**
	 * How often the connections are checked: one the server has not heard from (a message or a pong)
	 * for half of this is pinged, and dropped at the next check if it is still silent.
	 */
	pingIntervalMs: number;
}

export const DEFAULT_LIMITS: BoardEndpointLimits = {
	maxFrameBytes: 1024 * 1024,
	messagesPerSecond: 50,
	burst: 200,
	maxAwarenessBytes: 1024,
	// The stock provider asks once per connection: ten at once, then one every five seconds.
	stateRequestsPerSecond: 0.2,
	stateRequestBurst: 10,
	stateVectorSlack: 64,
	maxBufferedBytes: 4 * 1024 * 1024,
	maxConnectionsPerPerson: 10,
	// A ping and its pong cost two socket operations per connection: sent every 10 s to each of 500
	// silent boards (the pong awaited 30 s), they were a few per cent of the server's CPU (issue 15).
	pingIntervalMs: 20_000
};

export interface BoardEndpointDeps {
	sql: Sql;
	rooms: RoomRegistry;
	log: Logger;
	/** The origins a browser may open the board from (cross-site WebSocket hijacking). */
	allowedOrigin(request: IncomingMessage): boolean;
	limits?: Partial<BoardEndpointLimits>;
}

/** A connection of the y-websocket endpoint, for closing it from elsewhere (removed participant). */
export interface BoardConnection {
	meetingId: string;
	principal: Principal;
	close(code: number, reason: string): void;
}

/**
 * `/yjs/<meetingId>`: the standard y-websocket protocol (sync + awareness), read-only for clients.
 * The board is written only by the server, through meeting commands (socket.io). Clients' sync
 * step 2 and update messages are accepted at the protocol level and discarded unread, so a
 * modified client cannot change the board and no client update is ever decoded by the server.
 */
export function createBoardEndpoint(deps: BoardEndpointDeps) {
	const limits = { ...DEFAULT_LIMITS, ...deps.limits };
	const wss = new WebSocketServer({ noServer: true, maxPayload: limits.maxFrameBytes, perMessageDeflate: false });
	/** Every open connection, by its WebSocket (the shared listeners below find theirs here). */
	const connections = new Map<WebSocket, PeerConnection>();
	/** A room's broadcast is framed once for all its peers (see framing.ts). */
	const frames = new FrameCache();

	// One set of listeners for every connection (`this` is the WebSocket), rather than closures per
	// connection: see the note on PeerConnection.
	function onMessage(this: WebSocket, data: Buffer): void {
		const connection = connections.get(this);
		if (!connection) return;
		connection.lastHeard = Date.now();
		connection.receive(data);
	}
	function onClose(this: WebSocket): void {
		const connection = connections.get(this);
		if (!connection) return;
		connections.delete(this);
		connection.closed = true;
		const { room } = connection;
		room.peers.delete(connection);
		// Only the state this connection holds: never another connection's (see claimClientId).
		const held = presenceHolders.get(room);
		if (connection.clientId !== null && held?.get(connection.clientId) === connection) {
			held.delete(connection.clientId);
			if (!held.size) presenceHolders.delete(room);
			awarenessProtocol.removeAwarenessStates(room.awareness, [connection.clientId], connection);
		}
		deps.rooms.release(room.meetingId);
	}
	// ws closes the connection itself after a protocol error (1009 for an oversized frame, 1002 …)
	// and destroys the socket once the close handshake is done, or after 30 s without it.
	// Terminating here would drop the close frame before it is sent: clients saw 1006.
	function onError(): void {}
	function onPong(this: WebSocket): void {
		const connection = connections.get(this);
		if (connection) connection.lastHeard = Date.now();
	}

	// One timer for every connection: drop those that answered no ping since the last check (frozen,
	// or gone without a FIN: their sends would pile up in memory and kernel queues), and ping those
	// that have been silent for a while. One that sends (presence renewals every 15 s) is pinged less.
	const heartbeat = setInterval(() => {
		const now = Date.now();
		for (const [ws, connection] of connections) {
			if (connection.pingedAt !== null && connection.lastHeard < connection.pingedAt) {
				deps.log.info(`Dropping a board connection to ${connection.meetingId} that answered no ping for ${Math.round((now - connection.pingedAt) / 1000)} s`);
				ws.terminate();
				continue;
			}
			connection.pingedAt = null;
			if (now - connection.lastHeard >= limits.pingIntervalMs / 2 && ws.readyState === ws.OPEN) {
				connection.pingedAt = now;
				ws.ping();
			}
		}
	}, limits.pingIntervalMs);
	heartbeat.unref();
	const perPerson = new ConnectionCap(limits.maxConnectionsPerPerson);

	async function upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
		const refuse = (status: number, text: string) => {
			socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
		};
		socket.on('error', destroyOnError);
		const meetingId = meetingIdOf(request.url);
		if (meetingId === null) return refuse(400, 'Bad Request');
		if (!isMeetingId(meetingId)) return refuse(404, 'Not Found');
		if (!deps.allowedOrigin(request)) return refuse(403, 'Forbidden');
		let principal: Principal | null;
		let anonymous: boolean;
		try {
			const rules = await meetingRules(deps.sql, meetingId);
			if (!rules) return refuse(404, 'Not Found');
			anonymous = rules.anonymousAuthors;
			principal = await authenticateForMeeting(deps.sql, meetingId, credentialsFor(request, meetingId));
		} catch (error) {
			deps.log.error('Authenticating a board connection failed', error);
			return refuse(503, 'Service Unavailable');
		}
		if (!principal) return refuse(401, 'Unauthorized');
		const who = principal;
		wss.handleUpgrade(request, socket, head, (ws) => {
			// From here on the WebSocket handles the socket's errors.
			socket.off('error', destroyOnError);
			ws.on('error', onError);
			const person = `${meetingId}:${who.role}:${who.id}`;
			if (!perPerson.take(person)) return ws.close(CloseCode.TooManyConnections, 'too many connections');
			ws.once('close', () => perPerson.release(person));
			connect(ws, meetingId, who, anonymous).catch((error: unknown) => {
				deps.log.error(`Opening a board connection to ${meetingId} failed`, error);
				ws.close(CloseCode.InternalError, 'internal error');
			});
		});
	}

	async function connect(ws: WebSocket, meetingId: string, principal: Principal, anonymous: boolean): Promise<void> {
		ws.binaryType = 'nodebuffer';
		// Messages that arrive while the room loads are handled in order afterwards.
		const early: Buffer[] = [];
		const earlyListener = (data: Buffer) => {
			if (early.length < limits.burst) early.push(data);
			else ws.close(CloseCode.RateLimited, 'too many messages');
		};
		ws.on('message', earlyListener);

		let room: Room;
		try {
			room = await deps.rooms.acquire(meetingId);
		} catch (error) {
			if (error instanceof OwnedElsewhere) {
				// Taken by another instance between routing and loading: reconnect, to be routed there.
				ws.close(CloseCode.ServiceRestart, 'served by another instance');
				return;
			}
			deps.log.error(`Loading board ${meetingId} failed`, error);
			ws.close(CloseCode.InternalError, 'board unavailable');
			return;
		}
		if (ws.readyState !== ws.OPEN) {
			deps.rooms.release(meetingId);
			return;
		}

		const connection = new PeerConnection(ws, room, principal, anonymous, limits, deps.log, frames);
		connections.set(ws, connection);
		ws.off('message', earlyListener);
		ws.on('message', onMessage);
		ws.on('close', onClose);
		ws.on('pong', onPong);

		room.peers.add(connection);
		room.greet(connection);
		for (const data of early) connection.receive(data);
	}

	return {
		/** Handles an upgrade of `/yjs/…`; whatever goes wrong is answered (400, 404, 500 …) and logged, never thrown. */
		upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
			upgrade(request, socket, head).catch((error: unknown) => {
				deps.log.error('A board upgrade failed', error);
				if (!socket.destroyed) socket.end('HTTP/1.1 500 Internal Server Error\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
			});
		},
		/** Closes every connection matching `predicate` with a documented close code. */
		closeWhere(predicate: (c: BoardConnection) => boolean, code: number, reason: string): number {
			let n = 0;
			for (const c of connections.values()) {
				if (!predicate(c)) continue;
				c.close(code, reason);
				n++;
			}
			return n;
		},
		close() {
			clearInterval(heartbeat);
			for (const c of connections.values()) c.close(CloseCode.ServiceRestart, 'server restarting');
			wss.close();
		}
	};
}

export type BoardEndpoint = ReturnType<typeof createBoardEndpoint>;

/** An awareness message of no states: the answer to a query when nobody's presence is shown. */
const EMPTY_PRESENCE = new Uint8Array([MESSAGE_AWARENESS, 1, 0]);

/** Which connection holds each Yjs client id of a room's presence. */
const presenceHolders = new WeakMap<Room, Map<number, PeerConnection>>();

/**
 * Binds `connection` to `clientId` if no other connection holds that id — or one of the same
 * person does (a reconnect before the old connection was dropped), which then loses it. A stock
 * provider echoes everyone's states it receives; a connection that has no state of its own (the
 * projector) must not end up speaking for, and on disconnect removing, someone else.
 */
function claimClientId(connection: PeerConnection, clientId: number): boolean {
	const { room } = connection;
	// The server's own id (its crowd counts in a large meeting) is never a participant's, also
	// while it holds no state.
	if (clientId === room.awareness.clientID) return false;
	let held = presenceHolders.get(room);
	const holder = held?.get(clientId);
	if (holder && holder !== connection) {
		const samePerson = holder.principal.role === connection.principal.role && holder.principal.id === connection.principal.id;
		if (!samePerson) return false;
		holder.clientId = null;
	} else if (!holder && room.awareness.getStates().has(clientId)) {
		return false; // a state nobody holds (should not exist): leave it alone
	}
	if (!held) presenceHolders.set(room, (held = new Map()));
	held.set(clientId, connection);
	return true;
}

/**
 * The meeting id of an upgrade's URL `/yjs/<meetingId>[?…]`, percent-decoded; null when the
 * path is not percent-decodable (e.g. `%E0%A4%A`), which is answered 400.
 */
export function meetingIdOf(url: string | undefined): string | null {
	try {
		return decodeURIComponent((url ?? '').split('?')[0].slice('/yjs/'.length));
	} catch {
		return null;
	}
}

/** Until the upgrade completes, a socket error ends the connection. */
function destroyOnError(this: Duplex): void {
	this.destroy();
}

/**
 * One client connection: the room's peer and a connection others can close. Its behaviour lives
 * in methods, not in arrow functions made per connection: `npm start` runs the server through tsx,
 * whose esbuild `keepNames` gives every named arrow function a property table of its own (about
 * 256 bytes each, per connection).
 */
class PeerConnection implements BoardPeer, BoardConnection {
	readonly meetingId: string;
	/** The Yjs client id this connection speaks for (see claimClientId), or null. */
	clientId: number | null = null;
	closed = false;
	/** When the client last sent a message or answered a ping (or connected). */
	lastHeard = Date.now();
	/** When the heartbeat pinged it, if it has not been heard from since the check before. */
	pingedAt: number | null = null;
	readonly #limiter: RateLimiter;
	readonly #stateRequests: RateLimiter;
	/** No permessage-deflate or other extension: a frame built once may be written as it is. */
	readonly #extensionless: boolean;

	constructor(
		readonly ws: WebSocket,
		readonly room: Room,
		readonly principal: Principal,
		readonly anonymous: boolean,
		readonly limits: BoardEndpointLimits,
		readonly log: Logger,
		readonly frames: FrameCache
	) {
		this.meetingId = room.meetingId;
		this.#extensionless = hasNoExtensions(ws);
		this.#limiter = tokenBucket(limits.messagesPerSecond, limits.burst);
		this.#stateRequests = tokenBucket(limits.stateRequestsPerSecond, limits.stateRequestBurst);
	}

	/**
	 * Sends unless the client has stopped reading: what it has not read yet stays in this process's
	 * memory, so past `maxBufferedBytes` unsent the connection is closed instead (SlowConsumer).
	 */
	send(message: Uint8Array): void {
		if (this.#mayQueue(message)) this.ws.send(message);
	}

	/**
	 * Sends a message of a broadcast, handed to every peer of the room in a row: framed once for all
	 * and written as one buffer where that is what ws would write (framing.ts); a large one (which
	 * the cache does not keep) goes through ws.
	 */
	sendShared(message: Uint8Array): void {
		if (!this.#mayQueue(message)) return;
		const socket = this.#extensionless ? framedWriteTarget(this.ws) : null;
		const frame = socket ? this.frames.frameOf(message) : null;
		if (socket && frame) socket.write(frame);
		else this.ws.send(message);
	}

	/** False if nothing may be sent: closed, or closed now because the client does not read. */
	#mayQueue(message: Uint8Array): boolean {
		if (this.closed || this.ws.readyState !== this.ws.OPEN) return false;
		const unsent = this.ws.bufferedAmount;
		if (unsent + message.byteLength > this.limits.maxBufferedBytes) {
			this.log.info(`Closing a board connection to ${this.meetingId} that does not read: ${unsent} bytes unsent`);
			this.close(CloseCode.SlowConsumer, 'too much unread data');
			return false;
		}
		return true;
	}

	/** Counts a state request against its own, tighter limit. */
	takeStateRequest(): boolean {
		return this.#stateRequests.take();
	}

	close(code: number, reason: string): void {
		if (!this.closed) this.ws.close(code, reason);
		this.closed = true;
	}

	receive(data: Buffer): void {
		if (this.closed) return;
		if (!this.#limiter.take()) return this.close(CloseCode.RateLimited, 'too many messages');
		try {
			handle(this, new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
		} catch {
			this.close(CloseCode.MalformedMessage, 'malformed message');
		}
	}
}

function handle(connection: PeerConnection, message: Uint8Array): void {
	const { room, principal, anonymous, limits } = connection;
	const decoder = decoding.createDecoder(message);
	const type = decoding.readVarUint(decoder);
	switch (type) {
		case MESSAGE_SYNC: {
			const step = decoding.readVarUint(decoder);
			if (step === syncProtocol.messageYjsSyncStep1) {
				if (!connection.takeStateRequest()) return connection.close(CloseCode.RateLimited, 'too many state requests');
				const stateVector = decoding.readVarUint8Array(decoder);
				// The work of an answer grows with the entries of the vector: count them before decoding.
				// A client can know of no more clients than the board has (slack for a replica of an earlier load).
				const entries = decoding.readVarUint(decoding.createDecoder(stateVector));
				if (entries > room.doc.store.clients.size + limits.stateVectorSlack) {
					return connection.close(CloseCode.StateVectorTooLong, 'state vector too long');
				}
				Y.decodeStateVector(stateVector); // throws on garbage: a bounded loop over the bytes given
				room.answerSyncStep1(connection, stateVector);
			} else if (step === syncProtocol.messageYjsSyncStep2 || step === syncProtocol.messageYjsUpdate) {
				// Read-only: discarded unread (see the comment on createBoardEndpoint).
				decoding.readVarUint8Array(decoder);
			} else {
				throw new Error('unknown sync step');
			}
			return;
		}
		case MESSAGE_AWARENESS: {
			const update = sanitiseAwareness(decoding.readVarUint8Array(decoder), principal, connection, limits, anonymous, {
				claim: (clientId) => claimClientId(connection, clientId),
				noteExists: (id) => getNote(room.doc, id) !== null
			});
			if (update) awarenessProtocol.applyAwarenessUpdate(room.awareness, update, connection);
			return;
		}
		case MESSAGE_QUERY_AWARENESS: {
			// What the peers hold (everyone's in a meeting of up to the list limit, a bounded set above).
			connection.send(room.presence.snapshot() ?? EMPTY_PRESENCE);
			return;
		}
		default:
			throw new Error('unknown message type');
	}
}

/**
 * Presence is checked like everything else: a connection speaks only for the one clientID it was
 * bound to (the first it sent a state for that no other connection holds), its state is capped
 * in UTF-8 bytes, and the name and role others see come from the server. Only `typing` and
 * `editing` (an existing note's id) are taken from the client, and not even those in an
 * anonymous meeting. Entries for other ids — a stock provider echoing the states it received —
 * are ignored, as is a removal (null) before the connection is bound.
 */
export function sanitiseAwareness(
	update: Uint8Array,
	principal: Principal,
	speaker: { clientId: number | null },
	limits: Pick<BoardEndpointLimits, 'maxAwarenessBytes'>,
	anonymous: boolean,
	board: { claim(clientId: number): boolean; noteExists(id: string): boolean }
): Uint8Array | null {
	const decoder = decoding.createDecoder(update);
	const count = decoding.readVarUint(decoder);
	const encoder = encoding.createEncoder();
	const accepted: [number, number, string][] = [];
	for (let i = 0; i < count; i++) {
		const clientId = decoding.readVarUint(decoder);
		const clock = decoding.readVarUint(decoder);
		const json = decoding.readVarString(decoder);
		if (speaker.clientId !== null && clientId !== speaker.clientId) continue;
		if (Buffer.byteLength(json, 'utf8') > limits.maxAwarenessBytes) continue;
		const state = JSON.parse(json) as unknown;
		if (speaker.clientId === null) {
			if (state === null || !board.claim(clientId)) continue;
			speaker.clientId = clientId;
		}
		if (state === null) {
			accepted.push([clientId, clock, 'null']);
			continue;
		}
		const claimed = typeof state === 'object' ? (state as Record<string, unknown>) : {};
		const editing = typeof claimed.editing === 'string' && claimed.editing.length <= 64 && board.noteExists(claimed.editing) ? claimed.editing : null;
		// In an anonymous meeting nothing may tie a person to a note: no id, no typing, no editing.
		const clean = anonymous
			? { user: { name: principal.name, role: principal.role, attendance: principal.attendance }, typing: false, editing: null }
			: {
					user: { id: principal.id, name: principal.name, role: principal.role, attendance: principal.attendance },
					typing: claimed.typing === true,
					editing
				};
		accepted.push([clientId, clock, JSON.stringify(clean)]);
	}
	if (!accepted.length) return null;
	encoding.writeVarUint(encoder, accepted.length);
	for (const [clientId, clock, json] of accepted) {
		encoding.writeVarUint(encoder, clientId);
		encoding.writeVarUint(encoder, clock);
		encoding.writeVarString(encoder, json);
	}
	return encoding.toUint8Array(encoder);
}
