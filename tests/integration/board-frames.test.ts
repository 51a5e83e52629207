import { describe, expect, it } from 'vitest';
import type { Socket as TcpSocket } from 'node:net';
import * as decoding from 'lib0/decoding';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { MESSAGE_SYNC } from '../../src/lib/protocol/board-messages';
import { arrangeMeeting, arrangeParticipant, command, meetingSocket } from './board-fixtures';
import { useTestApp } from './harness';
import { frame, rawExchange, upgradeRequest, type RawOutcome } from './raw-socket';

// Issue 15: a board change is framed once and the same frame written to every connection, past
// ws's own sender. Seen from the wire, nothing changed: one well-formed binary frame per message,
// the same bytes for everyone, and the connection still pings, pongs and closes as before.

const OPCODE = { binary: 2, close: 8, ping: 9, pong: 10 } as const;

const TITLE = 'Kultur för unga';
/** An update frame that carries the cluster the test creates (Yjs keeps its strings as UTF-8). */
const isTheChange = (payload: Buffer) =>
	payload[0] === MESSAGE_SYNC && payload[1] === syncProtocol.messageYjsUpdate && payload.includes(Buffer.from(TITLE));

/**
 * A board connection over raw TCP: once greeted it says so; on the test's change it pings, and on
 * the pong it closes with 1000. Resolves with everything it received when the server has closed.
 */
function rawBoardClient(url: string, meetingId: string, token: string, greeted: () => void) {
	let pinged = false;
	let closing = false;
	let said = false;
	return rawExchange(url, upgradeRequest(`/yjs/${meetingId}?token=${token}`), {
		deadlineMs: 20_000,
		after(outcome: RawOutcome, socket: TcpSocket) {
			if (!said && outcome.frames.length) {
				said = true;
				greeted();
			}
			if (!pinged && outcome.frames.some((f) => f.opcode === OPCODE.binary && isTheChange(f.payload))) {
				pinged = true;
				socket.write(frame(OPCODE.ping, Buffer.from('samla')));
			}
			if (!closing && outcome.frames.some((f) => f.opcode === OPCODE.pong)) {
				closing = true;
				const code = Buffer.alloc(2);
				code.writeUInt16BE(1000);
				socket.write(frame(OPCODE.close, code));
			}
		}
	});
}

describe('board frames on the wire', () => {
	const app = useTestApp();

	it('a board change reaches every connection as the same binary frame, and each still answers a ping and closes cleanly (issue 15)', async () => {
		const meeting = await arrangeMeeting(app.sql, { phase: 'group' });
		const people = await Promise.all(['Anna', 'Bertil'].map((name) => arrangeParticipant(app.sql, meeting.meetingId, name)));
		let greetings = 0;
		let allGreeted!: () => void;
		const ready = new Promise<void>((resolve) => (allGreeted = resolve));
		const clients = people.map((p) => rawBoardClient(app.url, meeting.meetingId, p.token, () => ++greetings === people.length && allGreeted()));
		await ready;

		const moderator = await meetingSocket(app.url, meeting.meetingId, meeting.moderatorToken);
		expect(await command(moderator, 'cluster:create', { id: 'c-frames-0001', title: TITLE })).toEqual({ ok: true });
		const outcomes = await Promise.all(clients);
		moderator.disconnect();

		const changes = outcomes.map((o) => o.frames.filter((f) => f.opcode === OPCODE.binary && isTheChange(f.payload)).map((f) => f.payload));
		expect(changes[0]).toHaveLength(1);
		expect(changes[1]).toEqual(changes[0]);
		const change = changes[0][0];
		// A well-formed message: sync, update, and a Yjs update that decodes.
		const decoder = decoding.createDecoder(change);
		decoding.readVarUint(decoder);
		decoding.readVarUint(decoder);
		expect(Y.decodeUpdate(decoding.readVarUint8Array(decoder)).structs.length).toBeGreaterThan(0);
		for (const outcome of outcomes) {
			expect(outcome.frames.find((f) => f.opcode === OPCODE.pong)?.payload.toString()).toBe('samla');
			expect(outcome.closeCode).toBe(1000);
		}
	});
});
