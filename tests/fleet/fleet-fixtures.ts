import { execFileSync } from 'node:child_process';
import { Redis } from 'ioredis';
import { io, type Socket } from 'socket.io-client';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import type { Ack } from '../../src/lib/protocol/errors';

/** Redis for the fleet suite: REDIS_URL, or the machine's at 127.0.0.1:6379. */
export const REDIS_URL = process.env.REDIS_URL || 'redis://127.0.0.1:6379';

/** Whether this machine can run the fleet suite: HAProxy installed and Redis answering. */
export async function fleetAvailable(): Promise<{ ok: boolean; why?: string }> {
	try {
		execFileSync(process.env.HAPROXY ?? 'haproxy', ['-v'], { stdio: 'ignore' });
	} catch {
		return { ok: false, why: 'HAProxy is not installed' };
	}
	const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
	redis.on('error', () => undefined);
	try {
		await redis.connect();
		await redis.ping();
		return { ok: true };
	} catch {
		return { ok: false, why: `Redis does not answer at ${REDIS_URL}` };
	} finally {
		redis.disconnect();
	}
}

/** A meeting socket as the app opens it: the meeting named in the URL (for routing) and in `auth`. */
export async function fleetSocket(baseUrl: string, meetingId: string, token: string, options: { reconnection?: boolean } = {}): Promise<Socket> {
	const socket = io(`${baseUrl}/meeting`, {
		path: '/socket.io',
		query: { meeting: meetingId },
		auth: { meetingId, token },
		transports: ['websocket'],
		forceNew: true,
		reconnection: options.reconnection ?? true,
		reconnectionDelay: 200,
		reconnectionDelayMax: 1000
	});
	await new Promise<void>((resolve, reject) => {
		socket.once('ready', () => resolve());
		socket.once('connect_error', reject);
	});
	return socket;
}

export function command(socket: Socket, name: string, payload: unknown, ms = 10_000): Promise<Ack> {
	return socket.timeout(ms).emitWithAck(name, payload);
}

/** The stock y-websocket provider with the meeting named in the URL, as the app's board does. */
export function fleetBoard(baseUrl: string, meetingId: string, token: string) {
	const doc = new Y.Doc();
	const provider = new WebsocketProvider(`${baseUrl.replace(/^http/, 'ws')}/yjs`, meetingId, doc, {
		WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
		params: { meeting: meetingId, token },
		disableBc: true,
		maxBackoffTime: 1000
	});
	const synced = new Promise<void>((resolve) => {
		if (provider.synced) resolve();
		provider.once('sync', () => resolve());
	});
	return { doc, provider, synced, destroy: () => provider.destroy() };
}

/** The instance (its URL) that holds a meeting's lease now, or null. */
export async function ownerOf(redis: Redis, meetingId: string): Promise<string | null> {
	const identity = await redis.get(`mutex:samla:meeting:${meetingId}`);
	return identity ? identity.split(' ')[0] : null;
}

/** The p-th percentile of `values` (nearest rank). */
export function percentile(values: number[], p: number): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}
