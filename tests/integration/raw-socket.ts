import { connect, type Socket } from 'node:net';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';

/** What the server did with a request written over raw TCP. */
export interface RawOutcome {
	/** The status of the HTTP answer (101 for an upgrade), or null when the server closed without one. */
	status: number | null;
	/** Frames the server sent after a 101, in order. */
	frames: { opcode: number; payload: Buffer }[];
	/** The code of the server's close frame, when it sent one. */
	closeCode: number | null;
	/** Before the deadline the server answered with an HTTP status other than 101, or closed the connection. */
	closed: boolean;
}

/**
 * Writes `request` to a fresh TCP connection and reads until the server answers with an HTTP status
 * other than 101, closes the connection, or `deadlineMs` passes. After a 101, `after` is called
 * whenever frames arrived (to write the next ones). A modified client's view: no
 * HTTP library that would refuse to send malformed requests.
 */
export function rawExchange(
	url: string,
	request: Buffer | string,
	{ after, deadlineMs = 10_000 }: { after?: (outcome: RawOutcome, socket: Socket) => void; deadlineMs?: number } = {}
): Promise<RawOutcome> {
	const { hostname, port } = new URL(url);
	return new Promise((resolve) => {
		const socket = connect(Number(port), hostname);
		const outcome: RawOutcome = { status: null, frames: [], closeCode: null, closed: false };
		let buffer = Buffer.alloc(0);
		let headersDone = false;
		const timer = setTimeout(() => finish(false), deadlineMs);
		function finish(closed: boolean) {
			clearTimeout(timer);
			outcome.closed = closed;
			socket.destroy();
			resolve(outcome);
		}
		socket.on('error', () => finish(true));
		socket.on('close', () => finish(true));
		socket.on('connect', () => socket.write(request));
		socket.on('data', (chunk: Buffer) => {
			buffer = Buffer.concat([buffer, chunk]);
			if (!headersDone) {
				const end = buffer.indexOf('\r\n\r\n');
				if (end < 0) return;
				const match = /^HTTP\/1\.[01] (\d{3})/.exec(buffer.subarray(0, end).toString('latin1'));
				outcome.status = match ? Number(match[1]) : null;
				headersDone = true;
				buffer = buffer.subarray(end + 4);
				// An HTTP answer other than 101 is the end of the exchange (the server may keep the connection alive).
				if (outcome.status !== 101) return finish(true);
			}
			if (outcome.status === 101) {
				const before = outcome.frames.length;
				for (;;) {
					const frame = readFrame(buffer);
					if (!frame) break;
					buffer = buffer.subarray(frame.length);
					outcome.frames.push({ opcode: frame.opcode, payload: frame.payload });
					if (frame.opcode === 8) outcome.closeCode = frame.payload.length >= 2 ? frame.payload.readUInt16BE(0) : 1005;
				}
				if (after && outcome.frames.length > before) after(outcome, socket);
			}
		});
	});
}

/** One server-to-client frame (unmasked) at the start of `buffer`, or null when incomplete. */
function readFrame(buffer: Buffer): { opcode: number; payload: Buffer; length: number } | null {
	if (buffer.length < 2) return null;
	const opcode = buffer[0] & 0x0f;
	let length = buffer[1] & 0x7f;
	let offset = 2;
	if (length === 126) {
		if (buffer.length < 4) return null;
		length = buffer.readUInt16BE(2);
		offset = 4;
	} else if (length === 127) {
		if (buffer.length < 10) return null;
		length = Number(buffer.readBigUInt64BE(2));
		offset = 10;
	}
	if (buffer.length < offset + length) return null;
	return { opcode, payload: buffer.subarray(offset, offset + length), length: offset + length };
}

/** A client-to-server WebSocket frame; masked unless told otherwise, as RFC 6455 requires of clients. */
export function frame(opcode: number, payload: Uint8Array, { fin = true, masked = true, rsv = 0 }: { fin?: boolean; masked?: boolean; rsv?: number } = {}): Buffer {
	const head: number[] = [(fin ? 0x80 : 0) | ((rsv & 7) << 4) | (opcode & 0x0f)];
	const maskBit = masked ? 0x80 : 0;
	if (payload.length < 126) head.push(maskBit | payload.length);
	else if (payload.length < 65536) head.push(maskBit | 126, payload.length >> 8, payload.length & 0xff);
	else {
		const len = Buffer.alloc(8);
		len.writeBigUInt64BE(BigInt(payload.length));
		head.push(maskBit | 127, ...len);
	}
	if (!masked) return Buffer.concat([Buffer.from(head), payload]);
	const mask = randomBytes(4);
	const body = Buffer.from(payload);
	for (let i = 0; i < body.length; i++) body[i] ^= mask[i & 3];
	return Buffer.concat([Buffer.from(head), mask, body]);
}

/** The request line and headers of a WebSocket upgrade. */
export function upgradeRequest(path: string, headers: Record<string, string> = {}): string {
	const all: Record<string, string> = {
		host: 'localhost',
		upgrade: 'websocket',
		connection: 'Upgrade',
		'sec-websocket-key': randomBytes(16).toString('base64'),
		'sec-websocket-version': '13',
		...headers
	};
	return `GET ${path} HTTP/1.1\r\n${Object.entries(all)
		.map(([k, v]) => `${k}: ${v}`)
		.join('\r\n')}\r\n\r\n`;
}

/** The resident memory of a process (Linux), in bytes. */
export function residentBytes(pid: number): number {
	const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
	if (!match) throw new Error(`no VmRSS for process ${pid}`);
	return Number(match[1]) * 1024;
}

export function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.floor(sorted.length / 2)];
}
