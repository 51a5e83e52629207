import { afterEach, describe, expect, it } from 'vitest';
import type { AddressInfo } from 'node:net';
import * as wsModule from 'ws';
import { WebSocket, WebSocketServer } from 'ws';
import { binaryFrame, FrameCache, framedWriteTarget, hasNoExtensions, SHARED_FRAME_MAX_BYTES } from './framing';

/** ws's own framing (lib/sender.js; exported, though not in its type definitions). */
const { Sender } = wsModule as unknown as { Sender: { frame(data: Buffer, options: object): Buffer[] } };

/** What ws itself writes for `ws.send(payload)` on a server connection without extensions. */
function framedByWs(payload: Buffer): Buffer {
	return Buffer.concat(Sender.frame(payload, { fin: true, opcode: 2, mask: false, readOnly: false, rsv1: false }));
}

const opened: { server: WebSocketServer; client: WebSocket }[] = [];
afterEach(async () => {
	for (const { server, client } of opened.splice(0)) {
		client.terminate();
		await new Promise((resolve) => server.close(resolve));
	}
});

/** A real ws server and one client on loopback; resolves with the server's side of the connection. */
async function connection(perMessageDeflate = false) {
	const server = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate });
	await new Promise((resolve) => server.once('listening', resolve));
	const accepted = new Promise<WebSocket>((resolve) => server.once('connection', resolve));
	const client = new WebSocket(`ws://127.0.0.1:${(server.address() as AddressInfo).port}`, { perMessageDeflate });
	client.binaryType = 'nodebuffer';
	opened.push({ server, client });
	const received: Buffer[] = [];
	client.on('message', (data: Buffer) => received.push(data));
	await new Promise((resolve) => client.once('open', resolve));
	return { ws: await accepted, client, received };
}

const until = async (predicate: () => boolean) => {
	while (!predicate()) await new Promise((resolve) => setTimeout(resolve, 5));
};

describe('framing a message once for many connections', () => {
	it('builds the same bytes ws writes, for payloads around each length encoding', () => {
		for (const length of [0, 1, 125, 126, 127, 65_535, 65_536, 70_000]) {
			const payload = Buffer.alloc(length, length % 251);
			expect(binaryFrame(payload).equals(framedByWs(payload)), `length ${length}`).toBe(true);
		}
	});

	it('frames a message handed over again once, and a new message anew', () => {
		const cache = new FrameCache();
		const first = Buffer.from([0, 2, 1]);
		expect(cache.frameOf(first)).toBe(cache.frameOf(first));
		const second = Buffer.from([0, 2, 2]);
		expect(cache.frameOf(second)?.equals(binaryFrame(second))).toBe(true);
	});

	it('frames a broadcast of up to 64 KiB, and leaves a larger one (a whole board) to ws, keeping nothing of it', () => {
		const cache = new FrameCache();
		const small = Buffer.alloc(SHARED_FRAME_MAX_BYTES, 3);
		const framed = cache.frameOf(small);
		expect(framed?.equals(binaryFrame(small))).toBe(true);
		expect(cache.frameOf(Buffer.alloc(SHARED_FRAME_MAX_BYTES + 1, 4))).toBeNull();
		// The cache still holds the last small frame, not anything of the large message.
		expect(cache.frameOf(small)).toBe(framed);
	});

	it('a message written framed arrives as the same message, in order with those sent through ws', async () => {
		const { ws, received } = await connection();
		expect(hasNoExtensions(ws)).toBe(true);
		const messages = [Buffer.from([0, 0, 1]), Buffer.alloc(300, 7), Buffer.alloc(70_000, 9), Buffer.from([1, 2])];
		for (const [i, message] of messages.entries()) {
			const socket = framedWriteTarget(ws);
			if (i % 2 === 0) {
				expect(socket).not.toBeNull();
				socket!.write(binaryFrame(message));
			} else {
				ws.send(message);
			}
		}
		await until(() => received.length === messages.length);
		expect(received).toEqual(messages);
	});

	it('after framed writes the connection still pings, answers pings and closes with its code', async () => {
		const { ws, client, received } = await connection();
		framedWriteTarget(ws)!.write(binaryFrame(Buffer.from([5])));
		const pinged = new Promise<Buffer>((resolve) => client.once('ping', resolve));
		ws.ping(Buffer.from('server'));
		expect((await pinged).toString()).toBe('server');
		const ponged = new Promise<Buffer>((resolve) => client.once('pong', resolve));
		client.ping(Buffer.from('client'));
		expect((await ponged).toString()).toBe('client');
		const closed = new Promise<number>((resolve) => client.once('close', resolve));
		framedWriteTarget(ws)!.write(binaryFrame(Buffer.from([6])));
		ws.close(4508, 'too much unread data');
		expect(framedWriteTarget(ws)).toBeNull();
		expect(await closed).toBe(4508);
		expect(received).toEqual([Buffer.from([5]), Buffer.from([6])]);
	});

	it('bytes written framed and not yet taken by the client count in bufferedAmount, as the slow-consumer check needs', async () => {
		const { ws, client } = await connection();
		(client as unknown as { _socket: { pause(): void } })._socket.pause();
		const big = binaryFrame(Buffer.alloc(1024 * 1024));
		for (let i = 0; i < 16; i++) framedWriteTarget(ws)!.write(big);
		// Loopback's kernel buffers hold a few MB at most: the rest waits in the process.
		expect(ws.bufferedAmount).toBeGreaterThan(4 * 1024 * 1024);
	});

	it('a connection with permessage-deflate is never written framed (its frames are compressed)', async () => {
		const { ws } = await connection(true);
		expect(ws.extensions).toContain('permessage-deflate');
		expect(hasNoExtensions(ws)).toBe(false);
	});

	it('is not written framed while ws is compressing a message, so frames keep their order', async () => {
		const { ws, received } = await connection(true);
		ws.send(Buffer.alloc(2000, 1), { compress: true });
		// ws deflates asynchronously: meanwhile its sender is busy and queues what comes next.
		expect(framedWriteTarget(ws)).toBeNull();
		await until(() => received.length === 1);
	});

	it('is not written framed while ws is still reading a Blob it was given, so frames keep their order', async () => {
		const { ws, received } = await connection();
		// ws reads a Blob's bytes asynchronously: meanwhile its sender is busy and queues what comes next.
		ws.send(new Blob([Buffer.from([1, 1])]));
		expect(framedWriteTarget(ws)).toBeNull();
		ws.send(Buffer.from([2, 2]));
		await until(() => received.length === 2);
		expect(framedWriteTarget(ws)).not.toBeNull();
		expect(received).toEqual([Buffer.from([1, 1]), Buffer.from([2, 2])]);
	});

	it('a socket destroyed under ws is not written to, before ws has noticed', async () => {
		const { ws } = await connection();
		(ws as unknown as { _socket: { destroy(): void } })._socket.destroy();
		expect(ws.readyState).toBe(ws.OPEN);
		expect(framedWriteTarget(ws)).toBeNull();
	});
});
