import { beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import * as syncProtocol from 'y-protocols/sync';
import { listClusters, listNotes } from '../../src/lib/board/board';
import { CloseCode } from '../../src/lib/protocol/close-codes';
import { type TestApp, useTestApp } from './harness';
import { arrangeMeeting, arrangeParticipant, awarenessMessage, boardClient, boardRoundTrip, command, meetingSocket, noteId } from './board-fixtures';

/** A raw WebSocket to /yjs/<meeting>: what a modified client can send. */
function raw(app: TestApp, meetingId: string, token?: string, headers: Record<string, string> = {}) {
	const url = `${app.url.replace(/^http/, 'ws')}/yjs/${meetingId}${token ? `?token=${token}` : ''}`;
	const ws = new WebSocket(url, { headers });
	const messages: Uint8Array[] = [];
	ws.on('message', (data: Buffer) => messages.push(new Uint8Array(data)));
	const opened = new Promise<void>((resolve, reject) => {
		ws.once('open', () => resolve());
		ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
		ws.once('error', reject);
	});
	const closed = new Promise<{ code: number; reason: string }>((resolve) =>
		ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() }))
	);
	return { ws, messages, opened, closed };
}

function syncStep1(doc: Y.Doc): Uint8Array {
	const e = encoding.createEncoder();
	encoding.writeVarUint(e, 0);
	syncProtocol.writeSyncStep1(e, doc);
	return encoding.toUint8Array(e);
}

function updateMessage(update: Uint8Array): Uint8Array {
	const e = encoding.createEncoder();
	encoding.writeVarUint(e, 0);
	syncProtocol.writeUpdate(e, update);
	return encoding.toUint8Array(e);
}

/** Applies every sync message received so far to `doc` (a modified client's replica). */
function applyReceived(doc: Y.Doc, messages: Uint8Array[]) {
	for (const m of messages) {
		const d = decoding.createDecoder(m);
		if (decoding.readVarUint(d) !== 0) continue;
		const step = decoding.readVarUint(d);
		if (step === 1 || step === 2) Y.applyUpdate(doc, decoding.readVarUint8Array(d));
	}
}

const storedBytes = async (app: TestApp, meetingId: string) => {
	const rows = await app.sql<{ update: Buffer }[]>`select update from board_updates where meeting_id = ${meetingId} order by id`;
	return Buffer.concat(rows.map((r) => r.update));
};

describe('board endpoint against a modified client', () => {
	const app = useTestApp();
	let meeting: Awaited<ReturnType<typeof arrangeMeeting>>;
	let other: Awaited<ReturnType<typeof arrangeMeeting>>;
	let anna: { id: string; token: string };
	let mallory: { id: string; token: string };
	let annaNote: string;

	beforeAll(async () => {
		meeting = await arrangeMeeting(app.sql);
		other = await arrangeMeeting(app.sql);
		anna = await arrangeParticipant(app.sql, meeting.meetingId, 'Anna');
		mallory = await arrangeParticipant(app.sql, meeting.meetingId, 'Mallory');
		const socket = await meetingSocket(app.url, meeting.meetingId, anna.token);
		annaNote = noteId();
		expect(await command(socket, 'note:add', { id: annaNote, text: 'Annas idé' })).toEqual({ ok: true });
		socket.close();
	});

	it('no credentials are refused before the upgrade', async () => {
		await expect(raw(app, meeting.meetingId).opened).rejects.toThrow('HTTP 401');
	});

	it('a token of another meeting is refused before the upgrade', async () => {
		const outsider = await arrangeParticipant(app.sql, other.meetingId, 'Utomstående');
		await expect(raw(app, meeting.meetingId, outsider.token).opened).rejects.toThrow('HTTP 401');
	});

	it('a foreign Origin is refused (cross-site WebSocket hijacking)', async () => {
		await expect(raw(app, meeting.meetingId, anna.token, { origin: 'https://evil.example' }).opened).rejects.toThrow('HTTP 403');
	});

	it('a participant’s update deleting someone else’s note is not applied, not broadcast, not stored', async () => {
		const watcher = boardClient(app.url, meeting.meetingId, anna.token);
		await watcher.synced;
		const attacker = raw(app, meeting.meetingId, mallory.token);
		await attacker.opened;
		const replica = new Y.Doc();
		// The server's answer to the replica's state request (sync step 2) holds the whole board.
		await boardRoundTrip(attacker.ws, replica);
		applyReceived(replica, attacker.messages.splice(0));
		expect(listNotes(replica).map((n) => n.id)).toContain(annaNote);

		const storedBefore = await storedBytes(app, meeting.meetingId);
		const updates: Uint8Array[] = [];
		replica.on('update', (u: Uint8Array) => updates.push(u));
		replica.getMap('notes').delete(annaNote);
		// A cluster exactly as the server would store it (schema version 2: one plain value), so
		// that only the server's refusal can keep it off the board.
		replica.getMap('clusters').set('c-hacked-01', { id: 'c-hacked-01', title: 'Kapad', order: 1 });
		expect(listClusters(replica).map((c) => c.id)).toEqual(['c-hacked-01']);
		for (const u of updates) attacker.ws.send(updateMessage(u));
		// The server handles a connection's messages in order: once it answers a state request sent
		// after the updates, it has dealt with them.
		await boardRoundTrip(attacker.ws, replica);

		expect(listNotes(watcher.doc).map((n) => n.id)).toContain(annaNote);
		expect(listClusters(watcher.doc)).toEqual([]);
		expect(await storedBytes(app, meeting.meetingId)).toEqual(storedBefore);
		const fresh = boardClient(app.url, meeting.meetingId, anna.token);
		await fresh.synced;
		expect(listNotes(fresh.doc).map((n) => n.id)).toContain(annaNote);
		expect(listClusters(fresh.doc)).toEqual([]);
		attacker.ws.close();
		watcher.destroy();
		fresh.destroy();
	});

	it('the same change as commands is refused with FORBIDDEN', async () => {
		const socket = await meetingSocket(app.url, meeting.meetingId, mallory.token);
		expect(await command(socket, 'note:remove', { id: annaNote })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
		expect(await command(socket, 'note:edit', { id: annaNote, text: 'ändrad' })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
		expect(await command(socket, 'cluster:create', { id: 'c-hacked-02', title: 'Kapad' })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
		expect(await command(socket, 'note:add', { id: '../../etc', text: 'x' })).toMatchObject({ ok: false, code: 'VALIDATION' });
		expect(await command(socket, 'note:add', 'not an object')).toMatchObject({ ok: false, code: 'VALIDATION' });
		socket.close();
	});

	it('a 2 MiB frame closes the connection with 1009 (message too big)', async () => {
		const client = raw(app, meeting.meetingId, anna.token);
		await client.opened;
		client.ws.send(new Uint8Array(2 * 1024 * 1024));
		expect((await client.closed).code).toBe(1009);
	});

	it('garbage closes the connection with the malformed-message code', async () => {
		const client = raw(app, meeting.meetingId, anna.token);
		await client.opened;
		client.ws.send(new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]));
		expect((await client.closed).code).toBe(CloseCode.MalformedMessage);
	});

	it('a flood of 5 000 messages is closed as rate-limited while another meeting keeps working', async () => {
		const flooder = raw(app, meeting.meetingId, mallory.token);
		await flooder.opened;
		const bystander = await arrangeParticipant(app.sql, other.meetingId, 'Bo');
		const socket = await meetingSocket(app.url, other.meetingId, bystander.token);
		const step1 = syncStep1(new Y.Doc());
		for (let i = 0; i < 5000; i++) flooder.ws.send(step1);
		// The other meeting is served while the flood is handled (timings belong in bench/).
		expect(await command(socket, 'note:add', { id: noteId(), text: 'Fortfarande här' })).toEqual({ ok: true });
		expect((await flooder.closed).code).toBe(CloseCode.RateLimited);
		socket.close();
	});

	it('a spoofed presence state is ignored and names come from the server', async () => {
		const watcher = boardClient(app.url, meeting.meetingId, anna.token);
		await watcher.synced;
		const attacker = raw(app, meeting.meetingId, mallory.token);
		await attacker.opened;
		attacker.ws.send(awarenessMessage(111111, 1, { user: { name: 'Moderatorn', role: 'moderator' }, typing: true }));
		attacker.ws.send(awarenessMessage(watcher.doc.clientID, 99, { user: { name: 'Anna (kapad)' } }));
		// A later state of the attacker's own: once the watcher has it, the server has dealt with the spoof sent before it.
		attacker.ws.send(awarenessMessage(111111, 2, { user: { name: 'Moderatorn', role: 'moderator' }, typing: false }));
		const { awareness } = watcher.provider;
		await new Promise<void>((resolve) => {
			const check = () => {
				if (awareness.getStates().get(111111)?.typing !== false) return;
				awareness.off('update', check);
				resolve();
			};
			awareness.on('update', check);
			check();
		});
		const states = awareness.getStates();
		expect(states.get(111111)?.user).toEqual({ id: mallory.id, name: 'Mallory', role: 'participant', attendance: 'remote' });
		expect(JSON.stringify([...states.values()])).not.toContain('kapad');
		attacker.ws.close();
		watcher.destroy();
	});
});
