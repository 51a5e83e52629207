import type { IncomingMessage, Server as HttpServer, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { createProxyServer } from 'http-proxy-3';
import { isMeetingId } from '../board/access';
import { meetingIdOf } from '../board/endpoint';
import type { Logger } from '../../src/lib/server/log';
import type { Ownership } from './ownership';

/** Set on a connection one instance forwards to another: it is never forwarded a second time. */
export const FORWARDED_HEADER = 'x-samla-forwarded-by';
/** How long a routing decision may wait for Redis before the client is told to come back. */
const LOOKUP_MS = 1500;

type Route = { kind: 'here' } | { kind: 'forward'; url: string; identity: string } | { kind: 'retry' };

/**
 * The meeting a realtime connection is for, when its URL names one: `/yjs/<meetingId>`, or
 * socket.io's `/socket.io/?meeting=<meetingId>` (the client puts it in the query so that a proxy
 * can hash on it; socket.io's own `auth` arrives only after the connection is made). Null for
 * every other request, which any instance serves.
 */
export function routedMeeting(url: string | undefined): string | null {
	const path = (url ?? '').split('?')[0];
	if (path.startsWith('/yjs/')) {
		const id = meetingIdOf(url);
		return id && isMeetingId(id) ? id : null;
	}
	if (!path.startsWith('/socket.io/')) return null;
	const query = (url ?? '').split('?')[1];
	const id = query ? new URLSearchParams(query).get('meeting') : null;
	return id && isMeetingId(id) ? id : null;
}

/**
 * Puts meeting routing in front of every request and upgrade listener of `httpServer` (call it
 * after socket.io and the /yjs route are attached): a connection for a meeting another instance
 * owns is forwarded there (http-proxy-3; WebSocket upgrades and socket.io's long-polling alike),
 * one whose owner cannot be known now is answered 503 (the client retries), and only a meeting
 * this instance owns or nobody owns is served here — where the room's claim takes it. A meeting
 * is never served from a second copy (docs/FLEET.md).
 */
export function routeByMeeting(httpServer: HttpServer, deps: { ownership: Ownership; instanceUrl: string; log: Logger }): { close(): void } {
	const { ownership, instanceUrl, log } = deps;
	const proxy = createProxyServer({ xfwd: true, connectTimeout: 1000, headers: { [FORWARDED_HEADER]: instanceUrl } });
	proxy.on('error', (error, request, target) => {
		const meetingId = routedMeeting(request.url);
		const route = (request as RoutedRequest).samlaRoute;
		log.info(`Forwarding a connection for meeting ${meetingId} to ${route?.kind === 'forward' ? route.url : '?'} failed: ${error.message}`);
		// The owner refuses connections: it is gone. Its lease goes now, not at its expiry, so the next try takes the meeting.
		if (meetingId && route?.kind === 'forward' && (error as NodeJS.ErrnoException).code === 'ECONNREFUSED') {
			void ownership.dropDeadOwner(meetingId, route.identity).catch(() => undefined);
		}
		if (isResponse(target)) {
			if (!target.headersSent) target.writeHead(502, { 'content-type': 'text/plain', 'retry-after': '1' });
			target.end('The instance serving this meeting is unreachable; try again.');
		} else {
			(target as Duplex | undefined)?.destroy();
		}
	});

	async function route(request: IncomingMessage, meetingId: string): Promise<Route> {
		if (ownership.holds(meetingId)) return { kind: 'here' };
		let owner: Awaited<ReturnType<Ownership['ownerOf']>>;
		try {
			owner = await within(ownership.ownerOf(meetingId), LOOKUP_MS);
		} catch (error) {
			log.error(`Finding the owner of meeting ${meetingId} failed`, error);
			return { kind: 'retry' };
		}
		if (owner.kind !== 'sibling') return { kind: 'here' };
		// Forwarded to us by a sibling that thought we owned it: no second hop (the lease moved meanwhile).
		if (request.headers[FORWARDED_HEADER] || owner.url === instanceUrl) return { kind: 'retry' };
		return { kind: 'forward', url: owner.url, identity: owner.identity };
	}

	/** Forwarded WebSockets: closed on shutdown (the HTTP server would wait for them forever). */
	const tunnels = new Set<Duplex>();
	const requestListeners = httpServer.listeners('request') as ((req: IncomingMessage, res: ServerResponse) => void)[];
	const upgradeListeners = httpServer.listeners('upgrade') as ((req: IncomingMessage, socket: Duplex, head: Buffer) => void)[];
	httpServer.removeAllListeners('request');
	httpServer.removeAllListeners('upgrade');
	const serveRequest = (request: IncomingMessage, response: ServerResponse) => {
		for (const listener of requestListeners) listener.call(httpServer, request, response);
	};
	const serveUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
		for (const listener of upgradeListeners) listener.call(httpServer, request, socket, head);
	};

	httpServer.on('request', (request: IncomingMessage, response: ServerResponse) => {
		const meetingId = routedMeeting(request.url);
		if (!meetingId || ownership.holds(meetingId)) return serveRequest(request, response);
		route(request, meetingId).then(
			(decided) => {
				(request as RoutedRequest).samlaRoute = decided;
				if (decided.kind === 'here') return serveRequest(request, response);
				if (decided.kind === 'forward') return proxy.web(request, response, { target: decided.url });
				response.writeHead(503, { 'content-type': 'text/plain', 'retry-after': '1' });
				response.end('This meeting is moving between instances; try again.');
			},
			(error: unknown) => {
				log.error('Routing a request failed', error);
				if (!response.headersSent) response.writeHead(500);
				response.end();
			}
		);
	});
	httpServer.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
		const meetingId = routedMeeting(request.url);
		if (!meetingId || ownership.holds(meetingId)) return serveUpgrade(request, socket, head);
		socket.on('error', destroy);
		route(request, meetingId).then(
			(decided) => {
				(request as RoutedRequest).samlaRoute = decided;
				socket.off('error', destroy);
				if (decided.kind === 'here') return serveUpgrade(request, socket, head);
				if (decided.kind === 'forward') {
					tunnels.add(socket);
					socket.once('close', () => tunnels.delete(socket));
					return proxy.ws(request, socket, head, { target: decided.url });
				}
				socket.end('HTTP/1.1 503 Service Unavailable\r\nRetry-After: 1\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
			},
			(error: unknown) => {
				log.error('Routing an upgrade failed', error);
				socket.destroy();
			}
		);
	});
	return {
		close() {
			// Their clients reconnect through the proxy, to the meeting's owner.
			for (const socket of tunnels) socket.destroy();
			tunnels.clear();
			proxy.close();
		}
	};
}

interface RoutedRequest extends IncomingMessage {
	samlaRoute?: Route;
}

function isResponse(target: unknown): target is ServerResponse {
	return !!target && typeof (target as ServerResponse).writeHead === 'function';
}

function destroy(this: Duplex): void {
	this.destroy();
}

function within<T>(promise: Promise<T>, ms: number): Promise<T> {
	return new Promise<T>((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
		promise.then(
			(value) => {
				clearTimeout(timer);
				resolve(value);
			},
			(error: unknown) => {
				clearTimeout(timer);
				reject(error instanceof Error ? error : new Error(String(error)));
			}
		);
	});
}
