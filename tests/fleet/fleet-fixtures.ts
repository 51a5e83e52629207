import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { connect as connectTcp, createServer, type AddressInfo, type Socket as Socket_ } from 'node:net';
import { Redis } from 'ioredis';
import { io, type Socket } from 'socket.io-client';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';

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

/** The integration tests' command(): any name and payload, the answer typed by the contract. */
export { command } from '../integration/board-fixtures';

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

/** What a suite's tests opened (sockets, boards, raw WebSockets), all closed by `closeAll()` after it. */
export function keepOpen() {
	const open: { close(): void }[] = [];
	return {
		keep<T extends { close(): void } | { destroy(): void }>(thing: T): T {
			open.push('close' in thing ? thing : { close: () => thing.destroy() });
			return thing;
		},
		closeAll() {
			for (const thing of open.splice(0)) thing.close();
		}
	};
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

/**
 * A TCP relay on a free loopback port in front of `target` (PostgreSQL, Redis). `cut()` does to the
 * processes behind it what the server's stopping does: every open connection is reset and new ones
 * are refused; `restore()` accepts again, on the same port. `stall()` does what a network that
 * drops every packet does: nothing more gets through either way, and nothing is closed or refused
 * (new connections are accepted and wait); `unstall()` lets everything through again.
 */
export async function tcpGate(target: { host: string; port: number }) {
	const open = new Set<Socket_>();
	const pairs = new Set<[Socket_, Socket_]>();
	let stalled = false;
	const flow = ([client, upstream]: [Socket_, Socket_]) => {
		client.pipe(upstream);
		upstream.pipe(client);
	};
	const server = createServer((client) => {
		const upstream = connectTcp(target.port, target.host);
		const pair: [Socket_, Socket_] = [client, upstream];
		open.add(client).add(upstream);
		pairs.add(pair);
		const forget = () => {
			open.delete(client);
			open.delete(upstream);
			pairs.delete(pair);
			client.destroy();
			upstream.destroy();
		};
		client.on('error', forget).on('close', forget);
		upstream.on('error', forget).on('close', forget);
		if (stalled) {
			client.pause();
			upstream.pause();
		} else flow(pair);
	});
	const listen = (port: number) =>
		new Promise<number>((resolve, reject) => {
			server.once('error', reject);
			server.listen(port, '127.0.0.1', () => {
				server.off('error', reject);
				resolve((server.address() as AddressInfo).port);
			});
		});
	const port = await listen(0);
	let listening = true;
	return {
		port,
		async cut() {
			if (!listening) return;
			listening = false;
			const closed = new Promise<void>((resolve) => server.close(() => resolve()));
			for (const socket of open) socket.resetAndDestroy();
			open.clear();
			await closed;
		},
		async restore() {
			if (listening) return;
			await listen(port);
			listening = true;
		},
		stall() {
			stalled = true;
			for (const [client, upstream] of pairs) {
				client.unpipe(upstream);
				upstream.unpipe(client);
				client.pause();
				upstream.pause();
			}
		},
		/** Stalls the connections open now, for good; new ones get through (a connection the network lost without a reset). */
		loseOpen() {
			for (const [client, upstream] of pairs) {
				client.unpipe(upstream);
				upstream.unpipe(client);
				client.pause();
				upstream.pause();
			}
			pairs.clear();
		},
		unstall() {
			stalled = false;
			for (const pair of pairs) flow(pair);
		},
		close() {
			for (const socket of open) socket.destroy();
			server.close();
		}
	};
}

/** A free port on the loopback interface now (for a server that must come back on the same one). */
export async function freePort(): Promise<number> {
	const server = createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	await new Promise((resolve) => server.close(resolve));
	return port;
}

/** Whether this machine has the `redis-server` binary (a private Redis the suite may kill). */
export function redisServerInstalled(): boolean {
	try {
		execFileSync('redis-server', ['--version'], { stdio: 'ignore' });
		return true;
	} catch {
		return false;
	}
}

/**
 * A private Redis that keeps nothing on disk, as the machine's: `kill()` is a kill -9 (its leases
 * and subscriptions are gone with it), `start()` brings an empty one back on the same port.
 */
export function privateRedis(port: number) {
	let child: ChildProcess | null = null;
	const start = async () => {
		child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
		const probe = new Redis(port, '127.0.0.1', { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
		probe.on('error', () => undefined);
		const deadline = Date.now() + 10_000;
		try {
			for (;;) {
				try {
					await probe.connect();
					await probe.ping();
					return;
				} catch (error) {
					probe.disconnect();
					if (Date.now() > deadline) throw error;
					await new Promise((r) => setTimeout(r, 50));
				}
			}
		} finally {
			probe.disconnect();
		}
	};
	return {
		url: `redis://127.0.0.1:${port}`,
		start,
		async kill() {
			const running = child;
			if (!running || running.exitCode !== null || running.signalCode !== null) return;
			const exited = new Promise((resolve) => running.once('exit', resolve));
			running.kill('SIGKILL');
			await exited;
		}
	};
}
