import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io, type Socket } from 'socket.io-client';
import { connect, type Sql } from '../../src/lib/server/db/sql';
import { arrangeMeeting, arrangeParticipant, command, meetingSocket, noteId } from './board-fixtures';
import { createGatedDatabase, type GatedDatabase } from './gated-database';
import { pollUntil, startInProcessApp, type InProcessApp } from './harness';

// A meeting socket whose initial state could not be read (PostgreSQL cut just then) used to be
// ended with `disconnect(true)`: socket.io's client does not come back after that, and a browser
// stayed offline for good after a blip of a second. Now the server closes the transport, the
// client reconnects by itself, and its handshake is refused UNAVAILABLE until PostgreSQL is back.

describe('a meeting socket when PostgreSQL fails while its initial state is read', () => {
	let gated: GatedDatabase;
	let direct: Sql;
	let app: InProcessApp;

	beforeAll(async () => {
		gated = await createGatedDatabase();
		app = await startInProcessApp({ databaseUrl: gated.throughGate });
		// The test's own connection bypasses the gate: it arranges, and holds a lock, while the app's is cut.
		direct = connect(gated.database.url, { max: 2 });
	});

	afterAll(async () => {
		await gated?.gate.restore();
		await app?.close();
		await direct?.end({ timeout: 1 });
		gated?.gate.close();
		await gated?.database.drop();
	});

	it('closes the transport (not the socket), refuses the reconnect UNAVAILABLE during the outage, and greets it with its state once PostgreSQL is back', async () => {
		const meeting = await arrangeMeeting(direct);
		const anna = await arrangeParticipant(direct, meeting.meetingId, 'Anna');
		const first = await meetingSocket(app.url, meeting.meetingId, anna.token);
		const hers = noteId();
		expect(await command(first, 'note:add', { id: hers, text: 'Cykelbanor mellan byarna' })).toEqual({ ok: true });
		first.close();

		// The notes table is locked: the server's first read of the initial state (after `ready`)
		// waits on it, and the cut fails it there.
		let unlock = () => {};
		const locked = new Promise<void>((resolveLocked) => {
			void direct.begin(async (tx) => {
				await tx`lock table notes in access exclusive mode`;
				resolveLocked();
				await new Promise<void>((resolve) => (unlock = resolve));
			});
		});
		await locked;

		const events: string[] = [];
		const refusals: (string | undefined)[] = [];
		const socket: Socket = io(`${app.url}/meeting`, { path: '/socket.io', auth: { meetingId: meeting.meetingId, token: anna.token }, transports: ['websocket'], forceNew: true });
		try {
			socket.on('ready', () => events.push('ready'));
			socket.on('disconnect', (reason) => events.push(`disconnect: ${reason}`));
			socket.on('connect_error', (error: Error & { data?: { code?: string } }) => refusals.push(error.data?.code));
			const mine: string[][] = [];
			socket.on('notes:mine', (ids: string[]) => mine.push(ids));

			await pollUntil(() => events, (e) => e.includes('ready'), '`ready` before the initial state');
			await pollUntil(
				async () => (await direct`select count(*)::int as n from pg_stat_activity where application_name = 'samla' and wait_event_type = 'Lock'`)[0].n,
				(waiting) => waiting > 0,
				'the initial state waiting on the lock'
			);
			await gated.gate.cut();

			// The transport is closed: socket.io reconnects by itself (after `io server disconnect` it would not).
			await pollUntil(() => events, (e) => e.length > 1, 'the socket to end');
			expect(events).toEqual(['ready', 'disconnect: transport close']);
			// Its new handshake cannot read the meeting: refused for a passing reason, not for good.
			await pollUntil(() => refusals, (r) => r.length > 0, 'the reconnect to be refused');
			expect(refusals).toEqual(['UNAVAILABLE']);
			expect(mine).toEqual([]);

			unlock();
			await gated.gate.restore();
			// socket.io does not retry a refused handshake by itself: a client does (the browser with backoff).
			socket.connect();
			await pollUntil(() => mine, (m) => m.length > 0, 'the initial state after the outage');
			expect(events).toEqual(['ready', 'disconnect: transport close', 'ready']);
			expect(mine).toEqual([[hers]]);
			expect(app.output()).toContain('the initial state for a socket failed');
		} finally {
			unlock();
			socket.close();
		}
	});
});
