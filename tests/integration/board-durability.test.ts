import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { listNotes } from '../../src/lib/board/board';
import { connect, type Sql } from '../../src/lib/server/db/sql';
import { createTestDatabase, startServerProcess } from './harness';
import { arrangeMeeting, arrangeParticipant, boardClient, command, meetingSocket, noteId, until } from './board-fixtures';

describe('board durability', () => {
	let database: Awaited<ReturnType<typeof createTestDatabase>>;
	let sql: Sql;
	beforeAll(async () => {
		database = await createTestDatabase();
		sql = connect(database.url, { max: 2 });
	});
	afterAll(async () => {
		await sql.end({ timeout: 1 });
		await database.drop();
	});

	it('after kill -9 of the server, the restarted server serves every acknowledged note exactly once', async () => {
		const first = await startServerProcess({ DATABASE_URL: database.url });
		const meeting = await arrangeMeeting(sql);
		const people = await Promise.all(['Anna', 'Bo', 'Cid'].map((n) => arrangeParticipant(sql, meeting.meetingId, n)));
		const sockets = await Promise.all(people.map((p) => meetingSocket(first.url, meeting.meetingId, p.token)));

		// Three participants post concurrently; the server is killed while commands are in flight.
		const acknowledged: string[] = [];
		const inFlight = sockets.flatMap((socket, s) =>
			Array.from({ length: 40 }, (_, i) => {
				const id = noteId();
				return command(socket, 'note:add', { id, text: `Idé ${s}-${i}` })
					.then((ack) => ack.ok && acknowledged.push(id))
					.catch(() => undefined);
			})
		);
		for (let i = 0; i < 500 && acknowledged.length < 10; i++) await new Promise((r) => setTimeout(r, 5));
		first.process.kill('SIGKILL');
		await Promise.all(inFlight);
		sockets.forEach((s) => s.close());
		expect(acknowledged.length).toBeGreaterThan(0);

		const second = await startServerProcess({ DATABASE_URL: database.url });
		try {
			const client = boardClient(second.url, meeting.meetingId, people[0].token);
			await client.synced;
			const ids = listNotes(client.doc).map((n) => n.id);
			for (const id of acknowledged) expect(ids.filter((x) => x === id)).toHaveLength(1);
			expect(new Set(ids).size).toBe(ids.length);
			client.destroy();
		} finally {
			await second.stop();
		}
	});

	it('while PostgreSQL refuses connections, saving pauses, clients are told, and nothing is lost', async () => {
		const server = await startServerProcess({ DATABASE_URL: database.url });
		const meeting = await arrangeMeeting(sql);
		const anna = await arrangeParticipant(sql, meeting.meetingId, 'Anna');
		const bo = await arrangeParticipant(sql, meeting.meetingId, 'Bo');
		const socket = await meetingSocket(server.url, meeting.meetingId, anna.token);
		const watcher = boardClient(server.url, meeting.meetingId, bo.token);
		await watcher.synced;
		const dbName = new URL(database.url).pathname.slice(1);
		const admin = connect(inject('adminDatabaseUrl'), { max: 1 });
		try {
			// The outage: no new connections to the app's database, and its open ones are cut.
			await admin.unsafe(`alter database ${dbName} allow_connections false`);
			await admin`select pg_terminate_backend(pid) from pg_stat_activity where datname = ${dbName} `;
			const paused = new Promise<boolean>((resolve) => socket.once('saving:paused', resolve));
			const id = noteId();
			const ack = command(socket, 'note:add', { id, text: 'Skrivet under avbrottet' });
			expect(await paused).toBe(true);
			// Live for the others at once, acknowledged to its author only once it is stored.
			await until(watcher.doc, (doc) => listNotes(doc).some((n) => n.id === id));
			const early = await Promise.race([ack, new Promise((r) => setTimeout(() => r('waiting'), 300))]);
			expect(early).toBe('waiting');
			const resumed = new Promise<boolean>((resolve) => socket.once('saving:paused', resolve));
			await admin.unsafe(`alter database ${dbName} allow_connections true`);
			expect(await ack).toEqual({ ok: true });
			expect(await resumed).toBe(false);
			// Saving works again, and what was acknowledged is stored.
			const later = noteId();
			expect(await command(socket, 'note:add', { id: later, text: 'Efter avbrottet' })).toEqual({ ok: true });
			const rows = await sql<{ update: Buffer }[]>`select update from board_updates where meeting_id = ${meeting.meetingId}`;
			const stored = Buffer.concat(rows.map((r) => r.update));
			expect(stored.includes(Buffer.from('Efter avbrottet'))).toBe(true);
			expect(stored.includes(Buffer.from('Skrivet under avbrottet'))).toBe(true);
		} finally {
			await admin.unsafe(`alter database ${dbName} allow_connections true`);
			await admin.end();
			socket.close();
			watcher.destroy();
			await server.stop();
		}
	});
});
