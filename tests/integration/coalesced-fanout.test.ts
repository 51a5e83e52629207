import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as decoding from 'lib0/decoding';
import * as Y from 'yjs';
import { listNotes } from '../../src/lib/board/board';
import type { Ack } from '../../src/lib/protocol/errors';
import { arrangeMeeting, arrangeParticipant, boardClient, command, meetingSocket, until } from './board-fixtures';
import { useTestApp } from './harness';

// Issue 15: changes made together reach each client in fewer frames than there were changes
// (one merged update per commit), and still exactly: every acknowledged change, nothing else.
const MOVERS = 20;
const NOTES_EACH = 6;

describe('coalesced fan-out', () => {
	const app = useTestApp();

	it('a burst of moves from many participants reaches a client in fewer frames than moves, and it then holds exactly what PostgreSQL holds', async () => {
		const meeting = await arrangeMeeting(app.sql, { phase: 'brainstorm', whoMayGroup: 'everyone' });
		const moderator = await meetingSocket(app.url, meeting.meetingId, meeting.moderatorToken);
		for (const id of ['c-alfa-00001', 'c-beta-00001']) expect(await command(moderator, 'cluster:create', { id, title: id })).toEqual({ ok: true });
		const noteIds = Array.from({ length: MOVERS * NOTES_EACH }, (_, i) => `n-burst-${String(i).padStart(4, '0')}`);
		const people = await Promise.all(Array.from({ length: MOVERS }, (_, i) => arrangeParticipant(app.sql, meeting.meetingId, `Deltagare ${i + 1}`)));
		const sockets = await Promise.all(people.map((p) => meetingSocket(app.url, meeting.meetingId, p.token)));
		for (const [i, id] of noteIds.entries()) expect(await command(sockets[i % MOVERS], 'note:add', { id, text: `Idé ${id}`, clusterId: 'c-alfa-00001' })).toEqual({ ok: true });
		expect(await command(moderator, 'meeting:phase', { phase: 'group' })).toEqual({ ok: true, phase: 'group' });

		// A client connected throughout, counting the update frames it is sent.
		const observer = boardClient(app.url, meeting.meetingId, people[0].token);
		await observer.synced;
		await until(observer.doc, (doc) => listNotes(doc).length === noteIds.length);
		const raw = new WebSocket(`${app.url.replace(/^http/, 'ws')}/yjs/${meeting.meetingId}?token=${people[1].token}`);
		let updateFrames = 0;
		raw.on('message', (data: Buffer) => {
			const decoder = decoding.createDecoder(new Uint8Array(data));
			if (decoding.readVarUint(decoder) === 0 && decoding.readVarUint(decoder) === 2) updateFrames++;
		});
		await new Promise((resolve) => raw.once('open', resolve));

		// Every participant moves its own notes to the other cluster, all at once.
		const acks: Ack[] = await Promise.all(
			noteIds.map((id, i) => command(sockets[i % MOVERS], 'note:move', { id, clusterId: 'c-beta-00001', beforeId: null }))
		);
		expect(acks.every((a) => a.ok)).toBe(true);
		await until(observer.doc, (doc) => listNotes(doc).every((n) => n.clusterId === 'c-beta-00001'));
		expect(updateFrames).toBeGreaterThan(0);
		expect(updateFrames).toBeLessThan(noteIds.length);

		// Exactly what is stored: a client that connects now, from PostgreSQL via a reloaded room, has the same board.
		const fresh = boardClient(app.url, meeting.meetingId, people[2].token);
		await fresh.synced;
		const fromDatabase = new Y.Doc();
		const [snapshot] = await app.sql<{ state: Buffer }[]>`select state from board_snapshots where meeting_id = ${meeting.meetingId}`;
		if (snapshot) Y.applyUpdate(fromDatabase, new Uint8Array(snapshot.state));
		const stored = await app.sql<{ update: Buffer }[]>`select update from board_updates where meeting_id = ${meeting.meetingId} order by id`;
		for (const row of stored) Y.applyUpdate(fromDatabase, new Uint8Array(row.update));
		const state = (doc: Y.Doc) => listNotes(doc).map((n) => [n.id, n.clusterId, n.order]).sort();
		expect(state(observer.doc)).toEqual(state(fromDatabase));
		expect(state(fresh.doc)).toEqual(state(fromDatabase));

		raw.close();
		observer.destroy();
		fresh.destroy();
		sockets.forEach((s) => s.close());
		moderator.close();
	});
});
