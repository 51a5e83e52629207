import type { IncomingMessage, Server as HttpServer } from 'node:http';
import type { Duplex } from 'node:stream';
import { Server as SocketServer } from 'socket.io';
import { CloseCode } from '../src/lib/protocol/close-codes';
import type { Services } from '../src/lib/server/services';
import type { Logger } from '../src/lib/server/log';
import { authenticateForMeeting, isMeetingId, meetingRules, credentialsFor } from './board/access';
import { createBoardEndpoint, type BoardEndpoint } from './board/endpoint';
import { RoomRegistry } from './board/registry';
import type { Room } from './board/room';
import { DuplicateWatch } from './suggest/duplicate-watch';
import { createPostgresBoardStore } from './board/store';
import { registerBoardCommands } from './meeting/board-commands';
import { CommandAdmission, ConnectionCap, tokenBucket } from './rate-limit';
import { registerControlCommands } from './meeting/control-commands';
import { broadcastState, meetingState } from './meeting/meeting-state';
import { expireTimerAndAdvance, type FaultHook } from './meeting/phase-change';
import { expireTimerIn, TimerScheduler } from './meeting/timer';
import { noticesFor } from './meeting/moderation';
import { sendPriorities } from './meeting/ranking';
import { autoAdvanceTarget, type Phase } from '../src/lib/engine/phases';
import { sendPrivateState, socketRooms } from './meeting/private-notes';
import { broadcastVoteState, registerVoteCommands, sendVoteState, VoteBroadcasts } from './meeting/votes';
import { startFleet, type ControlMessage, type Fleet } from './fleet/fleet';
import { OwnedElsewhere } from './fleet/ownership';
import { systemClock, type Clock } from '../src/lib/engine/clock';
import type { InterServerEvents, MeetingServer, MeetingSocket, SocketData } from './meeting/socket';
import type { ClientToServerEvents, ServerToClientEvents } from '../src/lib/protocol/contract';

/** The realtime side of one Samla process: socket.io for meeting control, y-websocket for boards. */
export interface Realtime {
	io: MeetingServer;
	rooms: RoomRegistry;
	boards: BoardEndpoint;
	/** Settles once the timers running when this process started are scheduled (a failure is logged). */
	timersLoaded: Promise<void>;
	/** Closes every realtime connection of a participant (removed from the meeting), on every instance. */
	disconnectParticipant(meetingId: string, participantId: string): void;
	/** After a participant was removed elsewhere (a page): cut their connections, update vote counts. */
	participantRemoved(meetingId: string, participantId: string): Promise<void>;
	/** The committed board of a meeting whose room is live in this process (Room.committedBoard), else null. */
	committedBoard(meetingId: string): Promise<ReturnType<Room['committedBoard']>>;
	/** After a board's stored state was replaced (a purge): drop the live room and let board clients resync. */
	boardReplaced(meetingId: string): Promise<void>;
	/** Saves every live board, gives up its meetings (fleet) and closes all connections with 1012. */
	close(): Promise<void>;
}

export interface RealtimeOptions {
	/** How long an unused board stays in memory. */
	unloadDelayMs?: number;
	/** Called after a board's changes were committed (debounce heavy work yourself). */
	onBoardStored?(meetingId: string): void;
	/** Called after a meeting's votes, priority list, roster or phase changed (debounce heavy work yourself). */
	onThemeInputChanged?(meetingId: string): void;
	/**
	 * Called when PostgreSQL announces that a meeting's row changed, whoever changed it (a purge by
	 * the CLI included); with null when announcements may have been missed (any meeting may have).
	 */
	onMeetingChanged?(meetingId: string | null): void;
	/** Answer 404 to upgrades of paths that are neither `/yjs/…` nor socket.io's (not in development: Vite's hot reload has its own). */
	refuseUnknownUpgrades?: boolean;
	/** Fault injection inside meeting transitions, for tests (absent in production). */
	faults?: FaultHook;
	/** Several instances over Redis (docs/FLEET.md); default: this process alone serves every meeting. */
	fleet?: Fleet;
	/** The time for meeting timers, vote broadcasts and new ideas (default: the system's; tests move a ManualClock). */
	clock?: Clock;
}

/**
 * How long PostgreSQL may take to answer the probe a stalled commit makes (Room's STALL_MS) before
 * saving is paused: together about a second and a half after the commit began.
 */
export const STALL_PROBE_MS = 750;

/**
 * Attaches socket.io (path /socket.io, namespace /meeting) and the `/yjs/<meetingId>` upgrade
 * route to an HTTP server. Both the production server and the Vite dev server call this.
 */
export function attachRealtime(httpServer: HttpServer, services: Services, options: RealtimeOptions = {}): Realtime {
	const { sql, log, config } = services;
	const clock = options.clock ?? systemClock;
	const io = new SocketServer<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>(httpServer, {
		path: '/socket.io',
		serveClient: false,
		// The /yjs upgrades on the same server are ours; socket.io must not destroy them.
		destroyUpgrade: false,
		maxHttpBufferSize: 64 * 1024,
		// No per-message compression (engine.io's default, stated here): a zlib context per socket
		// would take many times the memory of the socket itself.
		perMessageDeflate: false,
		cors: { origin: false }
	});
	const meeting = io.of('/meeting');
	guardUnsentData(io, log);
	const socketsPerPerson = new ConnectionCap(MAX_MEETING_SOCKETS_PER_PERSON);
	const admission = new CommandAdmission(config.maxCommandsInFlight);
	const fleet = options.fleet ?? startFleet(config, sql, log);

	// Duplicate hints while ideas arrive (issue 14): one watch per loaded board, told to moderators only.
	const duplicateWatches = new WeakMap<Room, DuplicateWatch>();
	const duplicateHints = (room: Room) => duplicateWatches.get(room)?.list() ?? [];
	const rooms = new RoomRegistry({
		store: createPostgresBoardStore(sql),
		log,
		unloadDelayMs: options.unloadDelayMs,
		onStored: options.onBoardStored,
		onLoaded: (room) =>
			duplicateWatches.set(room, new DuplicateWatch(room.doc, (hints) => meeting.to(socketRooms.moderators(room.meetingId)).emit('duplicates:hint', hints))),
		onSavingPaused: (meetingId, paused) => meeting.to(meetingId).emit('saving:paused', paused),
		databaseReachable: () => services.databaseHealthy(STALL_PROBE_MS),
		loadRules: (meetingId) => meetingRules(sql, meetingId),
		presence: { listLimit: config.presenceListLimit },
		ownership: fleet.ownership,
		// Another instance owns the meeting now: its clients here reconnect, and are routed there.
		onDropped: (meetingId) => closeMeetingHere(meetingId)
	});
	const rulesListener = listenForRuleChanges(sql, rooms, log, options.onMeetingChanged);
	const voteBroadcasts = new VoteBroadcasts(async (meetingId) => {
		const room = await rooms.loaded(meetingId);
		await broadcastVoteState(meeting, sql, meetingId, await room?.rules());
	}, log, undefined, clock);
	const votesChanged = (meetingId: string) => voteBroadcasts.changed(meetingId);

	/**
	 * Closes this instance's connections of a meeting so that they reconnect: the board's with 1012,
	 * socket.io's by closing the transport (a `disconnect` would tell the client not to come back).
	 */
	function closeMeetingHere(meetingId: string): void {
		boards.closeWhere((c) => c.meetingId === meetingId, CloseCode.ServiceRestart, 'meeting moved');
		for (const id of meeting.adapter.rooms.get(socketRooms.meeting(meetingId)) ?? []) meeting.sockets.get(id)?.conn.close();
	}

	const timers = new TimerScheduler(sql, log, async (meetingId, endsAt) => {
		// The countdown reached zero: expire it, and advance the phase in the same transaction when
		// the moderator chose so; then signal.
		const [running] = await sql<{ timerAutoAdvance: boolean; phase: Phase }[]>`
			select timer_auto_advance, phase from meetings
			where id = ${meetingId} and date_trunc('milliseconds', timer_ends_at) = ${endsAt}`;
		if (!running) return; // expired already (another instance, an earlier try) or changed
		const next = running.timerAutoAdvance ? autoAdvanceTarget(running.phase) : null;
		let outcome: { expired: boolean; advancedTo: Phase | null };
		if (next) {
			const room = await rooms.acquire(meetingId);
			try {
				outcome = await expireTimerAndAdvance({ sql, meetingId, namespace: meeting, room, clock, themeInputChanged: options.onThemeInputChanged, faults: options.faults }, endsAt, next);
			} finally {
				rooms.release(meetingId);
			}
		} else {
			outcome = { expired: (await expireTimerIn(sql, meetingId, endsAt)) !== null, advancedTo: null };
		}
		if (!outcome.expired) return;
		rooms.rulesChanged(meetingId); // the timer's end is written
		await broadcastState({ sql, meetingId, namespace: meeting, clock });
		meeting.to(socketRooms.meeting(meetingId)).emit('timer:expired', { advancedTo: outcome.advancedTo });
	}, clock);
	// Alone, this process schedules the timers that were running when it started (one that ran out
	// while it was down ends at once); `timersLoaded` says when they are scheduled.
	const timersLoaded = fleet.enabled ? Promise.resolve() : timers.start().catch((error: unknown) => log.error('Loading running timers failed', error));
	if (fleet.enabled) {
		// A timer belongs to its meeting's owner (which schedules it when it is set); one whose owner
		// died, or that was set before a takeover, is expired by the sweep — by the owner, or by
		// whichever instance sees it first when nobody owns the meeting (it then takes the meeting).
		timers.sweep(1000, async (meetingId) => {
			const owner = await fleet.ownership.ownerOf(meetingId);
			return owner.kind !== 'sibling';
		});
	}

	const allowedOrigin = (request: IncomingMessage) => originAllowed(request, config.origin);
	const boards = createBoardEndpoint({ sql, rooms, log, allowedOrigin });

	meeting.use(async (socket, next) => {
		const meetingId = socket.handshake.auth?.meetingId;
		const refuse = (code: string) => next(Object.assign(new Error(code), { data: { code } }));
		if (!isMeetingId(meetingId)) return refuse('NOT_FOUND');
		if (!allowedOrigin(socket.request)) return refuse('FORBIDDEN');
		try {
			const rules = await meetingRules(sql, meetingId);
			if (!rules) return refuse('NOT_FOUND');
			socket.data.rules = rules;
			const principal = await authenticateForMeeting(sql, meetingId, credentialsFor(socket.request, meetingId, socket.handshake.auth?.token, socket.handshake.auth?.as));
			if (!principal) return refuse('UNAUTHENTICATED');
			const person = socketRooms.person(meetingId, principal);
			if (!socketsPerPerson.take(person)) return refuse('TOO_MANY_CONNECTIONS');
			// Counted until the socket disconnects, or its connection closes before it got connected.
			let counted = true;
			const release = () => {
				if (counted) socketsPerPerson.release(person);
				counted = false;
			};
			socket.once('disconnect', release);
			socket.conn.once('close', release);
			socket.data.meetingId = meetingId;
			socket.data.principal = principal;
			next();
		} catch (error) {
			log.error('Authenticating a meeting socket failed', error);
			refuse('UNAVAILABLE');
		}
	});

	// Shared by every socket: what a socket keeps for its lifetime is memory per participant.
	const timerChanged = (meetingId: string) => timers.refresh(meetingId);
	function releaseBoard(this: MeetingSocket): void {
		rooms.release(this.data.meetingId);
	}

	meeting.on('connection', async (socket) => {
		const { meetingId, principal, rules } = socket.data;
		// The rules read while authenticating are for this greeting only; commands read them afresh.
		socket.data.rules = undefined;
		// The handshake sets them for every socket it lets through. Were they missing (a bug), a new
		// handshake decides: closing the transport makes the client reconnect, a `disconnect` would not.
		if (!rules) return socket.conn.close();
		socket.join([socketRooms.meeting(meetingId), socketRooms.person(meetingId, principal)]);
		if (principal.role === 'moderator') socket.join([socketRooms.moderators(meetingId), socketRooms.voteProgress(meetingId)]);
		if (principal.role === 'projector') socket.join(socketRooms.voteProgress(meetingId));
		try {
			const room = await rooms.acquire(meetingId);
			// A socket that left while the board loaded would never release it.
			if (socket.disconnected) return rooms.release(meetingId);
			// Only the fallback while PostgreSQL is unreachable: the rules held come from the room's own read.
			room.lastKnownRules ??= rules;
			socket.on('disconnect', releaseBoard);
			// One context for every kind of command, with one rate limit: 20 a second, bursts of 60.
			const context = {
				sql,
				log,
				meetingId,
				principal,
				room,
				namespace: meeting,
				clock,
				limiter: tokenBucket(20, 60),
				admission,
				suggestions: services.suggestions,
				duplicateHints,
				disconnectParticipant,
				timerChanged,
				votesChanged,
				themeInputChanged: options.onThemeInputChanged,
				faults: options.faults
			};
			registerBoardCommands(socket, context);
			registerVoteCommands(socket, context);
			registerControlCommands(socket, context);
			// Read before `ready`, sent right after it: the client drops the notices it held when `ready`
			// comes, so a failure here must not leave it with none until the next connection.
			const notices = principal.role === 'participant' ? await noticesFor(sql, meetingId, principal.id) : [];
			socket.emit('ready', {
				role: principal.role,
				id: principal.id,
				name: principal.name,
				savingPaused: room.savingPaused,
				boardEpoch: room.epoch,
				meeting: meetingState(rules, clock.now())
			});
			for (const notice of notices) socket.emit('moderation:notice', notice);
			await sendPrivateState(socket, sql, meetingId, principal);
			await sendVoteState(socket, sql, meetingId, principal, rules, votesChanged);
			if (rules.phase === 'rank' || rules.phase === 'closed') {
				await sendPriorities(socket, sql, meetingId, room.doc, principal, rules.votesRevealed);
			}
		} catch (error) {
			// Another instance took the meeting meanwhile: the client reconnects and is routed there.
			if (error instanceof OwnedElsewhere) {
				log.debug(`Meeting ${meetingId} is served by another instance: a socket reconnects`);
				return socket.conn.close();
			}
			// PostgreSQL failed (cut, or too slow) while the board or the initial state was read: a passing
			// failure. Closing the transport, not disconnecting the socket, makes the client reconnect by
			// itself; its new handshake is refused UNAVAILABLE until PostgreSQL is back. `disconnect` is
			// kept for the permanent end (a participant removed, after `session:ended`).
			log.error(`Loading board ${meetingId} or the initial state for a socket failed`, error);
			socket.conn.close();
		}
	});

	/** By rooms, not by a walk over this process's sockets: with the Redis adapter it reaches every instance. */
	function disconnectParticipant(meetingId: string, participantId: string): void {
		const person = meeting.in(socketRooms.person(meetingId, { role: 'participant', id: participantId }));
		person.emit('session:ended', 'removed');
		person.disconnectSockets(true);
		fleet.publish({ kind: 'participant-removed', meetingId, participantId });
	}

	/** A control message: every instance acts on the connections and rooms it holds. */
	async function onControl(message: ControlMessage): Promise<void> {
		switch (message.kind) {
			case 'participant-removed': {
				const { meetingId, participantId } = message;
				boards.closeWhere((c) => c.meetingId === meetingId && c.principal.role === 'participant' && c.principal.id === participantId, CloseCode.Unauthorized, 'removed');
				return;
			}
			case 'board-replaced': {
				const { meetingId } = message;
				// In a fleet only the owner holds the room; the others have nothing of it.
				if (fleet.enabled && !(await rooms.loaded(meetingId))) return;
				await rooms.evict(meetingId);
				boards.closeWhere((c) => c.meetingId === meetingId, CloseCode.GoingAway, 'reloaded');
				// Sync can only add: replicas built from the old document must be dropped, not merged.
				const room = await rooms.acquire(meetingId);
				meeting.to(socketRooms.meeting(meetingId)).emit('board:epoch', room.epoch);
				rooms.release(meetingId);
				return;
			}
			default:
				message satisfies never;
		}
	}

	const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
		const path = (request.url ?? '').split('?')[0];
		if (path.startsWith('/yjs/')) return boards.upgrade(request, socket, head);
		// socket.io (and, in development, Vite's hot reload) handle their own upgrades.
		if (path.startsWith('/socket.io/') || !options.refuseUnknownUpgrades) return;
		socket.on('error', () => socket.destroy());
		socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
	};
	httpServer.on('upgrade', onUpgrade);
	// Last: the fleet's routing goes in front of socket.io's and the board's listeners.
	fleet.attach(httpServer, io, meeting, (message) => {
		onControl(message).catch((error: unknown) => log.error(`Control message ${message.kind} failed`, error));
	});

	return {
		io,
		rooms,
		boards,
		timersLoaded,
		disconnectParticipant,
		async committedBoard(meetingId) {
			return (await rooms.loaded(meetingId))?.committedBoard() ?? null;
		},
		async participantRemoved(meetingId, participantId) {
			disconnectParticipant(meetingId, participantId);
			await broadcastVoteState(meeting, sql, meetingId);
			options.onThemeInputChanged?.(meetingId);
		},
		async boardReplaced(meetingId) {
			if (!fleet.enabled) return onControl({ kind: 'board-replaced', meetingId });
			fleet.publish({ kind: 'board-replaced', meetingId });
		},
		async close() {
			timers.stop();
			voteBroadcasts.close();
			admission.stop();
			await rulesListener.then((listening) => listening?.unlisten()).catch(() => undefined);
			httpServer.off('upgrade', onUpgrade);
			// Flush, release, close (issue 10): every acknowledged change is committed, the meetings are
			// given up so a sibling takes them at once, then clients are told to reconnect (1012).
			await rooms.flushAll();
			await fleet.ownership.releaseAll();
			boards.close();
			// io.close() would also close the HTTP server, which belongs to the caller. Closing the
			// transports (not disconnecting the sockets) makes the clients reconnect, to a sibling.
			io.engine.close();
			await rooms.closeAll();
			await fleet.close();
		}
	};
}

/**
 * Rooms hold their meeting's rules (Room.rules); PostgreSQL announces every change of a meeting
 * row on `samla_meeting_rules` (migration 14), whoever made it. When the listening connection is
 * (re)established, announcements may have been missed: every room reads its rules afresh.
 * `changed` hears the same (null: any meeting may have changed).
 */
function listenForRuleChanges(sql: Services['sql'], rooms: RoomRegistry, log: Logger, changed?: (meetingId: string | null) => void) {
	return sql
		.listen(
			'samla_meeting_rules',
			(meetingId) => {
				rooms.rulesChanged(meetingId);
				changed?.(meetingId);
			},
			() => {
				rooms.allRulesChanged();
				changed?.(null);
			}
		)
		.catch((error: unknown) => {
			log.error('Listening for changes of meetings failed; rules are read again after every change made here only', error);
			return null;
		});
}

/** Meeting sockets one person may have open to a meeting (tabs, devices). */
const MAX_MEETING_SOCKETS_PER_PERSON = 10;
/** Unsent data an engine.io connection may have queued before it is closed as a slow consumer. */
const MAX_UNSENT_BYTES = 4 * 1024 * 1024;
const MAX_UNSENT_PACKETS = 2000;

/**
 * Backpressure for socket.io: before each packet is queued, the connection's unsent data (engine.io's
 * write buffer, which grows while the transport waits for the client, plus what the WebSocket has
 * not handed to the kernel) is checked; a client that stops reading is disconnected past the cap
 * instead of growing this process's memory. The client reconnects when it reads again.
 */
function guardUnsentData(io: MeetingServer, log: Logger): void {
	io.engine.on('connection', (conn: EngineConnection) => conn.on('packetCreate', checkUnsent));
	function checkUnsent(this: EngineConnection): void {
		if (this.samlaClosing || unsentBytes(this) <= MAX_UNSENT_BYTES) return;
		this.samlaClosing = true;
		log.info(`Disconnecting a meeting socket that does not read: ${this.writeBuffer.length} packets unsent`);
		// Not inside engine.io's own send: close once it has returned.
		setImmediate(() => this.close(true));
	}
}

/** The parts of an engine.io connection the guard reads (engine.io's Socket, not in its typings). */
interface EngineConnection {
	writeBuffer: { data?: string | Buffer }[];
	transport: { socket?: { bufferedAmount?: number } };
	samlaClosing?: boolean;
	on(event: 'packetCreate', listener: (this: EngineConnection) => void): void;
	close(discard: boolean): void;
}

function unsentBytes(conn: EngineConnection): number {
	if (conn.writeBuffer.length > MAX_UNSENT_PACKETS) return Infinity;
	let bytes = conn.transport.socket?.bufferedAmount ?? 0;
	for (const packet of conn.writeBuffer) bytes += typeof packet.data === 'string' ? packet.data.length : (packet.data?.byteLength ?? 0);
	return bytes;
}

/**
 * Browsers send Origin on WebSocket and socket.io requests; it must be this app's origin
 * (cross-site WebSocket hijacking). Clients without Origin (scripts) authenticate by token.
 */
export function originAllowed(request: IncomingMessage, configuredOrigin: string): boolean {
	const origin = request.headers.origin;
	if (!origin) return true;
	if (origin === configuredOrigin) return true;
	// Without ORIGIN configured, the app's origin is the host the request was sent to.
	const host = request.headers.host;
	return !!host && !process.env.ORIGIN && (origin === `http://${host}` || origin === `https://${host}`);
}
