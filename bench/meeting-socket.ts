import { io, type Socket } from 'socket.io-client';
import type { Ack } from '../src/lib/protocol/errors';

/** A /meeting socket as a script opens it: socket.io-client, websocket transport, token in `auth`. */
export async function meetingSocket(baseUrl: string, meetingId: string, token: string): Promise<Socket> {
	const socket = io(`${baseUrl}/meeting`, {
		path: '/socket.io',
		// The meeting in the URL too, as the app's client names it: a fleet routes by it.
		query: { meeting: meetingId },
		auth: { meetingId, token },
		transports: ['websocket'],
		forceNew: true,
		reconnection: false
	});
	await new Promise<void>((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error('meeting socket: no "ready" in 30 s')), 30_000);
		socket.once('ready', () => {
			clearTimeout(timer);
			resolve();
		});
		socket.once('connect_error', (error) => {
			clearTimeout(timer);
			reject(error);
		});
	});
	return socket;
}

/** Sends a command and resolves with its acknowledgement (or a timeout as `INTERNAL`). */
export function command(socket: Socket, name: string, payload: unknown, timeoutMs = 10_000): Promise<Ack> {
	return new Promise((resolve) => {
		socket.timeout(timeoutMs).emit(name, payload, (error: Error | null, ack: Ack) => {
			resolve(error ? { ok: false, code: 'INTERNAL', message: `no ack: ${error.message}` } : ack);
		});
	});
}
