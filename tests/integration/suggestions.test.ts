import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { useTestApp, type TestApp } from './harness';
import { arrangeMeeting, arrangeParticipant, command, meetingSocket, noteId } from './board-fixtures';
import type { Suggestions } from '../../src/lib/protocol/commands';

// Issue 14: board:suggest, as a modified client would try it (raw socket.io packets), and proof
// that suggesting opens no outbound connection.

const IDEAS = [
	'Fler bussar till inlandet',
	'Bättre kollektivtrafik i glesbygden',
	'Tätare turer med regionbussen på kvällar',
	'Pendeltåg mellan kustkommunerna',
	'Fiber till alla hushåll även utanför tätorterna',
	'Snabbt bredband i hela länet',
	'Bättre mobiltäckning längs vägarna',
	'Fiber till alla hushåll även utanför tätorten',
	'Fler hyresrätter i de mindre kommunerna',
	'Bygg bostäder för unga som vill flytta hemifrån',
	'Billiga lägenheter för studenter'
];

/**
 * One socket.io command sent as raw frames over a WebSocket, as a modified client would: the
 * engine.io handshake, `40/meeting,{auth}`, then `42/meeting,<id>[name,payload]`; resolves with
 * the acknowledgement `43/meeting,<id>[answer]`.
 */
async function rawCommand<T = Record<string, unknown>>(baseUrl: string, meetingId: string, token: string, name: string, payload: unknown): Promise<T> {
	const ws = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`);
	try {
		return await new Promise((resolve, reject) => {
			ws.on('error', reject);
			ws.on('message', (data) => {
				const frame = data.toString();
				if (frame === '2') ws.send('3'); // engine.io ping
				else if (frame.startsWith('0{')) ws.send(`40/meeting,${JSON.stringify({ meetingId, token })}`);
				else if (frame.startsWith('44/meeting')) reject(new Error(frame));
				else if (frame.startsWith('42/meeting,["ready"')) ws.send(`42/meeting,7${JSON.stringify([name, payload])}`);
				else if (frame.startsWith('43/meeting,7')) resolve(JSON.parse(frame.slice('43/meeting,7'.length))[0]);
			});
		});
	} finally {
		ws.close();
	}
}

/** A meeting in the grouping phase with the ideas above on its board, one of them in a group. */
async function arrangeBoard(app: TestApp, settings: Parameters<typeof arrangeMeeting>[1] = {}) {
	const meeting = await arrangeMeeting(app.sql, { phase: 'brainstorm', ...settings });
	const participant = await arrangeParticipant(app.sql, meeting.meetingId, 'Anna Andersson');
	const moderator = await meetingSocket(app.url, meeting.meetingId, meeting.moderatorToken);
	const writer = await meetingSocket(app.url, meeting.meetingId, participant.token);
	const ids: string[] = [];
	for (const text of IDEAS) {
		const id = noteId();
		ids.push(id);
		expect((await command(writer, 'note:add', { id, text })).ok).toBe(true);
	}
	expect((await command(moderator, 'meeting:phase', { phase: 'group' })).ok).toBe(true);
	const clusterId = `c-${randomUUID()}`;
	expect((await command(moderator, 'cluster:create', { id: clusterId, title: 'Kollektivtrafik' })).ok).toBe(true);
	expect((await command(moderator, 'note:move', { id: ids[3], clusterId })).ok).toBe(true);
	writer.close();
	return { meeting, participant, moderator, ids, clusterId };
}

describe('board:suggest', () => {
	const app = useTestApp();

	it('answers a moderator in grouping with groups, assignments and duplicate hints for the unclustered ideas, without author data', async () => {
		const { meeting, participant, moderator, ids, clusterId } = await arrangeBoard(app);
		const answer = await rawCommand<{ ok: true } & Suggestions>(app.url, meeting.meetingId, meeting.moderatorToken, 'board:suggest', {});
		expect(answer).toMatchObject({ ok: true, method: 'lexical' });
		const suggested = answer.groups.flatMap((g) => g.noteIds);
		const assigned = answer.assignments.map((a) => a.noteId);
		// Every unclustered idea is either in a suggested group or assigned to the existing one; the clustered one is neither.
		expect([...suggested, ...assigned].sort()).toEqual(ids.filter((id) => id !== ids[3]).sort());
		expect(answer.assignments.every((a) => a.clusterId === clusterId)).toBe(true);
		for (const group of answer.groups) expect(group.noteIds).toContain(group.centralNoteId);
		expect(answer.duplicates).toContainEqual(expect.objectContaining({ noteId: ids[7], duplicateOfId: ids[4] }));
		const text = JSON.stringify(answer);
		expect(text).not.toContain(participant.id);
		expect(text).not.toContain('Anna');
		moderator.close();
	});

	it('refuses a participant, even when everyone may group, and changes nothing', async () => {
		const { meeting, participant, moderator } = await arrangeBoard(app, { whoMayGroup: 'everyone' });
		const before = await app.sql`select count(*) from board_updates where meeting_id = ${meeting.meetingId}`;
		expect(await rawCommand(app.url, meeting.meetingId, participant.token, 'board:suggest', {})).toMatchObject({ ok: false, code: 'FORBIDDEN' });
		expect(await app.sql`select count(*) from board_updates where meeting_id = ${meeting.meetingId}`).toEqual(before);
		expect(await app.sql`select action from audit_log where meeting_id = ${meeting.meetingId} and action not in ('phase')`).toEqual([]);
		moderator.close();
	});

	it('refuses outside the grouping phase: before the reveal no idea is suggested from, private or not', async () => {
		const meeting = await arrangeMeeting(app.sql, { phase: 'brainstorm', private: true });
		const participant = await arrangeParticipant(app.sql, meeting.meetingId, 'Bo');
		const writer = await meetingSocket(app.url, meeting.meetingId, participant.token);
		expect((await command(writer, 'note:add', { id: noteId(), text: 'En hemlig idé om bussar' })).ok).toBe(true);
		writer.close();
		expect(await rawCommand(app.url, meeting.meetingId, meeting.moderatorToken, 'board:suggest', {})).toMatchObject({ ok: false, code: 'PHASE_CLOSED' });
		await app.sql`update meetings set phase = 'vote' where id = ${meeting.meetingId}`;
		expect(await rawCommand(app.url, meeting.meetingId, meeting.moderatorToken, 'board:suggest', {})).toMatchObject({ ok: false, code: 'PHASE_CLOSED' });
	});

	it('refuses a payload that is not an empty object', async () => {
		const { meeting, moderator } = await arrangeBoard(app);
		expect(await rawCommand(app.url, meeting.meetingId, meeting.moderatorToken, 'board:suggest', 'all')).toMatchObject({ ok: false, code: 'VALIDATION' });
		moderator.close();
	});
});

describe('suggesting offline', () => {
	const log = join(tmpdir(), `samla-network-${randomUUID()}.jsonl`);
	const app = useTestApp({
		NODE_OPTIONS: `--import ${join(import.meta.dirname, 'no-network-guard.mjs')}`,
		SAMLA_TEST_NETWORK_LOG: log
	});
	type Entry = { thread: number; kind: string; host?: string; port?: number | null };
	const entries = (): Entry[] => readFileSync(log, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as Entry);

	it('opens no outbound network connection while suggesting, in the server or its worker thread', async () => {
		const { moderator } = await arrangeBoard(app);
		const databasePort = Number(new URL(app.databaseUrl).port);
		const before = entries().length;
		const answer = await command(moderator, 'board:suggest', {});
		expect(answer.ok).toBe(true);
		// The guard is live in both threads: it saw the server's own database connections, and loaded in the worker.
		const all = entries();
		expect(all.some((e) => e.thread === 0 && e.kind === 'connect' && e.port === databasePort)).toBe(true);
		expect(all.some((e) => e.thread !== 0 && e.kind === 'guard')).toBe(true);
		// While suggesting: nothing from the worker, and at most the pool's own connections to PostgreSQL.
		const during = all.slice(before);
		expect(during.filter((e) => e.thread !== 0 && e.kind !== 'guard')).toEqual([]);
		expect(during.filter((e) => e.kind !== 'guard' && !(e.kind === 'connect' && e.port === databasePort))).toEqual([]);
		moderator.close();
	});
});
