import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';

/**
 * A room's broadcast sends the same message to every peer. Through `ws.send` each send builds a
 * frame header of its own and writes header and payload as two buffers (cork, two writes, uncork,
 * writev): at N = 500 that per-peer work was most of the server's CPU for a move (issue 15). Here
 * the frame is built once per message and written to each socket as one buffer.
 *
 * ws has no public API for sending bytes already framed, so this writes to the socket ws writes to,
 * and only when doing so cannot be told apart from `ws.send` (see `canWriteFramed`); otherwise the
 * caller sends through ws as before. What is written waits in the same socket's write queue that
 * `ws.bufferedAmount` counts, so the slow-consumer check sees it.
 */

/**
 * One unfragmented, unmasked binary frame (RFC 6455 §5.2: FIN, opcode 2) carrying `payload`: the
 * bytes `ws.send(payload)` writes as a server without permessage-deflate.
 */
export function binaryFrame(payload: Uint8Array): Buffer {
	const length = payload.byteLength;
	const headerBytes = length < 126 ? 2 : length < 65536 ? 4 : 10;
	const frame = Buffer.allocUnsafe(headerBytes + length);
	frame[0] = 0x82;
	if (length < 126) {
		frame[1] = length;
	} else if (length < 65536) {
		frame[1] = 126;
		frame.writeUInt16BE(length, 2);
	} else {
		frame[1] = 127;
		frame.writeUInt32BE(Math.floor(length / 2 ** 32), 2);
		frame.writeUInt32BE(length >>> 0, 6);
	}
	frame.set(payload, headerBytes);
	return frame;
}

/** The fields of ws's WebSocket and Sender (lib/websocket.js, lib/sender.js, ws 8) read here. */
interface WsInternals {
	_socket?: unknown;
	_extensions?: unknown;
	_sender?: {
		_socket?: unknown;
		/** 0 (DEFAULT): not deflating nor reading a blob, so a frame written now is written in order. */
		_state?: unknown;
		/** Sends waiting for the state to return to DEFAULT. */
		_queue?: unknown;
		/** False in the middle of a fragmented message. */
		_firstFragment?: unknown;
	} | null;
}

/**
 * Whether this connection negotiated no extension (no permessage-deflate, whose frames would be
 * compressed), as ws keeps them: checked once per connection, the extensions are fixed at the
 * handshake. False when ws does not look as this module expects (another major version).
 */
export function hasNoExtensions(ws: WebSocket): boolean {
	const extensions = (ws as unknown as WsInternals)._extensions;
	return typeof extensions === 'object' && extensions !== null && Object.keys(extensions).length === 0;
}

/**
 * The socket a frame may be written to right now in place of `ws.send`, or null (then send through
 * ws): the connection is open, its sender is idle with nothing queued and not inside a fragmented
 * message, and it writes to this same socket, which is still writable. Anything unexpected (another
 * version of ws that keeps these differently) gives null. Use only where hasNoExtensions(ws).
 */
export function framedWriteTarget(ws: WebSocket): Duplex | null {
	if (ws.readyState !== ws.OPEN) return null;
	const internals = ws as unknown as WsInternals;
	const sender = internals._sender;
	const socket = internals._socket as Duplex | null | undefined;
	if (!sender || !socket || sender._socket !== socket) return null;
	if (sender._state !== 0 || sender._firstFragment !== true) return null;
	if (!Array.isArray(sender._queue) || sender._queue.length !== 0) return null;
	if (!socket.writable || socket.destroyed) return null;
	return socket;
}

/**
 * Broadcasts up to this size are framed once and shared (moves, edits, presence: the frequent ones);
 * a larger one is sent through ws, which writes its payload without copying it, and is not kept.
 */
export const SHARED_FRAME_MAX_BYTES = 64 * 1024;

/**
 * The frame of the broadcast message last framed: a broadcast hands the same message object to
 * every peer in a row, so it is framed once for all of them. Messages are not changed after they
 * are sent. Only messages up to SHARED_FRAME_MAX_BYTES are framed (null: send through ws), so what
 * the cache keeps alive between broadcasts is small.
 */
export class FrameCache {
	#payload: Uint8Array | null = null;
	#frame: Buffer | null = null;

	frameOf(payload: Uint8Array): Buffer | null {
		if (payload.byteLength > SHARED_FRAME_MAX_BYTES) return null;
		if (payload !== this.#payload || !this.#frame) {
			this.#frame = binaryFrame(payload);
			this.#payload = payload;
		}
		return this.#frame;
	}
}
