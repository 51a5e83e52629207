import { beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as decoding from 'lib0/decoding';
import { arrangeMeeting, arrangeParticipant, awarenessMessage, boardClient, command, meetingSocket, noteId } from './board-fixtures';
import { pollUntil, useTestApp, type TestApp } from './harness';

// Issue 9, defect 6: presence could be hijacked. A connection is bound only to a Yjs client id no
// other connection holds, echoed states are ignored, a disconnect removes only the connection's own
// state, `editing` names an existing note, and the 1 KiB limit counts UTF-8 bytes.

/** A raw connection that can ask the server for every presence state (message type 3). */
async function rawPresence(app: TestApp, meetingId: string, token: string) {
	const ws = new WebSocket(`${app.url.replace(/^http/, 'ws')}/yjs/${meetingId}?token=${token}`);
	await new Promise((resolve, reject) => {
		ws.once('open', resolve);
		ws.once('error', reject);
	});
	return {
		ws,
		send: (m: Uint8Array) => ws.send(m),
		/** The server's presence states, as the answer to a query. */
		states(): Promise<Map<number, Record<string, unknown> | null>> {
			return new Promise((resolve) => {
				const onMessage = (data: Buffer) => {
					const d = decoding.createDecoder(new Uint8Array(data));
					if (decoding.readVarUint(d) !== 1) return;
					ws.off('message', onMessage);
					const u = decoding.createDecoder(decoding.readVarUint8Array(d));
					const states = new Map<number, Record<string, unknown> | null>();
					const n = decoding.readVarUint(u);
					for (let i = 0; i < n; i++) {
						const id = decoding.readVarUint(u);
						decoding.readVarUint(u);
						states.set(id, JSON.parse(decoding.readVarString(u)));
					}
					resolve(states);
				};
				ws.on('message', onMessage);
				ws.send(new Uint8Array([3]));
			});
		}
	};
}

/** Resolves when the server's presence satisfies `predicate` (asked again after each answer). */
function untilStates(probe: Awaited<ReturnType<typeof rawPresence>>, predicate: (s: Map<number, Record<string, unknown> | null>) => boolean) {
	return pollUntil(() => probe.states(), predicate, 'the presence states');
}

describe('presence cannot be hijacked (issue 9, defect 6)', () => {
	const app = useTestApp();
	let meetingId: string;
	let anna: { id: string; token: string };
	let mallory: { id: string; token: string };
	let bo: { id: string; token: string };
	let annaNote: string;

	beforeAll(async () => {
		({ meetingId } = await arrangeMeeting(app.sql));
		anna = await arrangeParticipant(app.sql, meetingId, 'Anna');
		mallory = await arrangeParticipant(app.sql, meetingId, 'Mallory');
		bo = await arrangeParticipant(app.sql, meetingId, 'Bo');
		const socket = await meetingSocket(app.url, meetingId, anna.token);
		annaNote = noteId();
		expect(await command(socket, 'note:add', { id: annaNote, text: 'Annas idé' })).toEqual({ ok: true });
		socket.close();
	});

	it('a first presence message with the client id another connection holds does not take over that person', async () => {
		const annaClient = boardClient(app.url, meetingId, anna.token);
		// As the board page does (a state's first clock, 0, is not taken by others).
		annaClient.provider.awareness.setLocalState({ typing: false });
		await annaClient.synced;
		const annaId = annaClient.doc.clientID;
		const attacker = await rawPresence(app, meetingId, mallory.token);
		await untilStates(attacker, (s) => (s.get(annaId)?.user as { name?: string } | undefined)?.name === 'Anna');
		attacker.send(awarenessMessage(annaId, 1000, { typing: true }));
		const states = await attacker.states();
		expect(states.get(annaId)?.user).toMatchObject({ id: anna.id, name: 'Anna' });
		expect(states.get(annaId)?.typing).toBe(false);
		attacker.ws.close();
		annaClient.destroy();
	});

	it('a client without presence of its own (the projector) that echoes others is bound to none, and its disconnect removes nobody', async () => {
		const annaClient = boardClient(app.url, meetingId, anna.token);
		// As the board page does (a state's first clock, 0, is not taken by others).
		annaClient.provider.awareness.setLocalState({ typing: false });
		await annaClient.synced;
		const annaId = annaClient.doc.clientID;
		const observer = await rawPresence(app, meetingId, mallory.token);
		await untilStates(observer, (s) => s.has(annaId));
		// What a participant's page sees: was Anna ever taken off the presence list?
		const watcher = boardClient(app.url, meetingId, mallory.token);
		watcher.provider.awareness.setLocalState({ typing: false });
		const removed: number[] = [];
		watcher.provider.awareness.on('change', ({ removed: gone }: { removed: number[] }) => removed.push(...gone));
		await watcher.synced;

		// The stock provider with no local state echoes every state it receives (Anna's) to the server.
		const projector = boardClient(app.url, meetingId, bo.token);
		projector.provider.awareness.setLocalState(null);
		await projector.synced;
		await new Promise<void>((resolve) => {
			if (projector.provider.awareness.getStates().has(annaId)) resolve();
			projector.provider.awareness.on('change', () => projector.provider.awareness.getStates().has(annaId) && resolve());
		});
		const ws = projector.provider.ws!;
		const closed = new Promise((resolve) => ws.addEventListener('close', resolve));
		projector.destroy();
		await closed;

		// Two later changes of Anna's: by then the server has handled the projector's disconnect.
		annaClient.provider.awareness.setLocalStateField('typing', true);
		await untilStates(observer, (s) => s.get(annaId)?.typing === true);
		annaClient.provider.awareness.setLocalStateField('typing', false);
		const states = await untilStates(observer, (s) => s.get(annaId)?.typing === false);
		await new Promise<void>((resolve) => {
			const seen = () => watcher.provider.awareness.getStates().get(annaId)?.typing === false && resolve();
			seen();
			watcher.provider.awareness.on('change', seen);
		});
		expect(removed).not.toContain(annaId);
		watcher.destroy();
		expect(states.get(annaId)?.user).toMatchObject({ id: anna.id, name: 'Anna' });
		expect([...states.values()].filter((s) => (s?.user as { id?: string } | undefined)?.id === bo.id)).toEqual([]);
		observer.ws.close();
		annaClient.destroy();
	});

	it('`editing` is kept only for an existing note, and a state over 1 KiB of UTF-8 is ignored', async () => {
		const me = await rawPresence(app, meetingId, mallory.token);
		const myId = 424242;
		me.send(awarenessMessage(myId, 1, { typing: true, editing: 'n-does-not-exist' }));
		expect((await untilStates(me, (s) => s.has(myId))).get(myId)?.editing).toBeNull();
		me.send(awarenessMessage(myId, 2, { typing: true, editing: annaNote }));
		expect((await untilStates(me, (s) => s.get(myId)?.editing === annaNote)).get(myId)?.typing).toBe(true);
		// 600 characters, 1 200 bytes: under 1 024 characters but over 1 KiB.
		const big = { typing: false, editing: null, pad: 'ö'.repeat(600) };
		expect(JSON.stringify(big).length).toBeLessThan(1024);
		me.send(awarenessMessage(myId, 3, big));
		const states = await me.states();
		expect(states.get(myId)).toMatchObject({ typing: true, editing: annaNote });
		me.ws.close();
	});
});
