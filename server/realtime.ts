import type { IncomingMessage, Server as HttpServer } from 'node:http';
import type { Duplex } from 'node:stream';
import { Server as SocketServer } from 'socket.io';
import { parse as parseCookie } from 'cookie';
import { SESSION_COOKIE, validateSessionToken } from '../src/lib/server/auth/session';
import type { Services } from '../src/lib/server/services';

/** The realtime side of one Samla process: socket.io for meeting control, WebSocket upgrades for /yjs. */
export interface Realtime {
	io: SocketServer;
	close(): Promise<void>;
}

/** A handler for `/yjs/<meetingId>` upgrades; the live board registers one. */
export type UpgradeHandler = (request: IncomingMessage, socket: Duplex, head: Buffer) => void;

/**
 * Attaches socket.io (path /socket.io, namespace /meeting) and the `/yjs/*` upgrade route to an
 * HTTP server. Both the production server and the Vite dev server call this.
 */
export function attachRealtime(httpServer: HttpServer, services: Services, boardUpgrade?: UpgradeHandler): Realtime {
	const io = new SocketServer(httpServer, {
		path: '/socket.io',
		serveClient: false,
		// The /yjs upgrades on the same server are ours; socket.io must not destroy them.
		destroyUpgrade: false,
		maxHttpBufferSize: 64 * 1024,
		cors: { origin: false }
	});

	const meeting = io.of('/meeting');
	meeting.use(async (socket, next) => {
		const token = tokenOf(socket.request, socket.handshake.auth);
		const session = token ? await validateSessionToken(services.sql, token).catch(() => null) : null;
		if (!session) return next(Object.assign(new Error('UNAUTHENTICATED'), { data: { code: 'UNAUTHENTICATED' } }));
		socket.data.moderator = session.moderator;
		next();
	});

	const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
		const path = (request.url ?? '').split('?')[0];
		if (!path.startsWith('/yjs/')) return; // socket.io and Vite's HMR handle their own paths
		if (!boardUpgrade) {
			socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
			return;
		}
		boardUpgrade(request, socket, head);
	};
	httpServer.on('upgrade', onUpgrade);

	return {
		io,
		async close() {
			httpServer.off('upgrade', onUpgrade);
			// io.close() would also close the HTTP server, which belongs to the caller.
			io.disconnectSockets(true);
			io.engine.close();
		}
	};
}

/** A session token from the cookie (browsers) or from `auth.token` / `?token=` (other clients). */
export function tokenOf(request: IncomingMessage, auth: Record<string, unknown> = {}): string | null {
	if (typeof auth.token === 'string') return auth.token;
	const query = new URL(request.url ?? '/', 'http://x').searchParams.get('token');
	if (query) return query;
	const cookies = parseCookie(request.headers.cookie ?? '');
	return cookies[SESSION_COOKIE] ?? null;
}
