import { describe, expect, it } from 'vitest';
import type { Ack } from '../../src/lib/protocol/errors';
import { arrangeMeeting, arrangeParticipant, command, meetingSocket, noteId } from './board-fixtures';
import { useTestApp } from './harness';

// Issue 15: every command is answered — done, refused, or "not now, retry after retryAfterMs" —
// never left without an answer, and a "not now" changed nothing.

async function storedNotes(sql: ReturnType<typeof useTestApp>['sql'], meetingId: string): Promise<string[]> {
	const rows = await sql<{ id: string }[]>`select id from notes where meeting_id = ${meetingId} order by id`;
	return rows.map((r) => r.id);
}

describe('a server with room for one command at a time', () => {
	const app = useTestApp({ SAMLA_MAX_COMMANDS_IN_FLIGHT: '1' });

	it('answers the commands it cannot take now OVERLOADED with a retry hint, changes nothing for them, and takes them when sent again', async () => {
		const meeting = await arrangeMeeting(app.sql);
		const people = await Promise.all(Array.from({ length: 30 }, (_, i) => arrangeParticipant(app.sql, meeting.meetingId, `Deltagare ${i + 1}`)));
		const sockets = await Promise.all(people.map((p) => meetingSocket(app.url, meeting.meetingId, p.token)));
		const notes = sockets.map(() => ({ id: noteId(), text: 'Fler cykelbanor' }));

		const first: Ack[] = await Promise.all(sockets.map((socket, i) => command(socket, 'note:add', notes[i])));
		expect(first).toHaveLength(30);
		const refused = first.flatMap((ack, i) => (ack.ok ? [] : [{ ack, i }]));
		expect(refused.length).toBeGreaterThan(0);
		for (const { ack } of refused) {
			expect(ack).toMatchObject({ ok: false, code: 'OVERLOADED', retryAfterMs: expect.any(Number) });
			expect(!ack.ok && ack.retryAfterMs).toBeGreaterThan(0);
		}
		const accepted = notes.filter((_, i) => first[i].ok).map((n) => n.id);
		expect(await storedNotes(app.sql, meeting.meetingId)).toEqual([...accepted].sort());

		// As the browser's outbox does: each refused command again, after the wait it was given.
		let waiting = refused.map(({ ack, i }) => ({ i, after: !ack.ok ? (ack.retryAfterMs ?? 0) : 0 }));
		while (waiting.length) {
			const next: typeof waiting = [];
			await Promise.all(
				waiting.map(async ({ i, after }) => {
					await new Promise((resolve) => setTimeout(resolve, after));
					const ack = await command(sockets[i], 'note:add', notes[i]);
					if (!ack.ok) {
						expect(ack.code).toBe('OVERLOADED');
						next.push({ i, after: ack.retryAfterMs ?? 0 });
					}
				})
			);
			waiting = next;
		}
		expect(await storedNotes(app.sql, meeting.meetingId)).toEqual(notes.map((n) => n.id).sort());
		sockets.forEach((s) => s.close());
	});
});

describe('a socket over its rate limit', () => {
	const app = useTestApp();

	it('is answered RATE_LIMITED with the time until it may send again, for every command past the limit', async () => {
		const meeting = await arrangeMeeting(app.sql);
		const anna = await arrangeParticipant(app.sql, meeting.meetingId, 'Anna');
		const socket = await meetingSocket(app.url, meeting.meetingId, anna.token);
		const acks = await Promise.all(Array.from({ length: 100 }, () => command(socket, 'note:remove', { id: noteId() })));
		expect(acks).toHaveLength(100);
		const limited = acks.filter((a) => !a.ok && a.code === 'RATE_LIMITED');
		expect(limited.length).toBeGreaterThan(0);
		for (const ack of limited) {
			expect(!ack.ok && ack.retryAfterMs).toBeGreaterThan(0);
			expect(!ack.ok && ack.retryAfterMs).toBeLessThanOrEqual(1000);
		}
		expect(acks.filter((a) => !a.ok && a.code !== 'RATE_LIMITED').every((a) => !a.ok && a.code === 'NOT_FOUND')).toBe(true);
		socket.close();
	});
});
