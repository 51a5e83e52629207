import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, CommandAnswer, MeetingCommandInput, MeetingCommandName, ServerToClientEvents } from '../src/lib/protocol/contract';
import type { Refusal } from '../src/lib/protocol/errors';

/** A /meeting socket typed by the contract: each command with its payload and answer, each server event with its arguments. */
export type MeetingSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** A /meeting socket as a script opens it: socket.io-client, websocket transport, token in `auth`. */
export async function meetingSocket(baseUrl: string, meetingId: string, token: string): Promise<MeetingSocket> {
	const socket: MeetingSocket = io(`${baseUrl}/meeting`, {
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

/**
 * Sends command `name` and resolves with its answer, typed by the contract (a timeout resolves as
 * `INTERNAL` "no ack"). socket.io cannot relate a generic name to its payload type, so the send
 * itself is untyped, as in the browser's client.
 */
export function command<N extends MeetingCommandName>(socket: MeetingSocket, name: N, payload: MeetingCommandInput<N>, timeoutMs = 10_000): Promise<CommandAnswer<N>> {
	const untyped: Socket = socket;
	return untyped
		.timeout(timeoutMs)
		.emitWithAck(name, payload)
		.catch((error: Error): Refusal => ({ ok: false, code: 'INTERNAL', message: `no ack: ${error.message}` }));
}
