import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { suggestLexical } from '../../src/lib/suggest/grouping.js';
import { useTestApp, type TestApp } from './harness';
import { arrangeMeeting, arrangeParticipant, command, meetingSocket, noteId } from './board-fixtures';
import { topicModel } from './tiny-embedding-model';
import type { Suggestions } from '../../src/lib/protocol/commands';

// Issue 14: the optional semantic method. A tiny ONNX model made here knows two topics whose ideas
// share no word (so the lexical method cannot group them); Samla, started with
// SAMLA_EMBEDDING_MODEL_DIR, groups them through the model, in its worker, offline.

const TOPICS = {
	children: ['Rusta upp skolgårdarna', 'Fler lekplatser i byarna', 'Öppna ungdomsgårdar på helgerna', 'Förskolan behöver mer personal'],
	outdoors: ['Märk ut vandringsleder', 'Skydda skogen', 'Friluftsliv i fjällen']
};
const MODEL_WORDS = {
	children: ['skolgårdarna', 'lekplatser', 'ungdomsgårdar', 'förskolan'],
	outdoors: ['vandringsleder', 'skogen', 'fjällen', 'friluftsliv']
};

async function arrangeGrouping(app: TestApp, texts: string[]) {
	const meeting = await arrangeMeeting(app.sql, { phase: 'brainstorm' });
	const participant = await arrangeParticipant(app.sql, meeting.meetingId, 'Anna Andersson');
	const moderator = await meetingSocket(app.url, meeting.meetingId, meeting.moderatorToken);
	const writer = await meetingSocket(app.url, meeting.meetingId, participant.token);
	const ids = new Map<string, string>();
	for (const text of texts) {
		const id = noteId();
		ids.set(text, id);
		expect((await command(writer, 'note:add', { id, text })).ok).toBe(true);
	}
	writer.close();
	expect((await command(moderator, 'meeting:phase', { phase: 'group' })).ok).toBe(true);
	return { moderator, ids };
}

describe('suggesting with a local embedding model', () => {
	const model = topicModel(mkdtempSync(join(tmpdir(), 'samla-model-')), MODEL_WORDS);
	const log = join(tmpdir(), `samla-network-${randomUUID()}.jsonl`);
	const app = useTestApp({
		SAMLA_EMBEDDING_MODEL_DIR: model,
		NODE_OPTIONS: `--import ${join(import.meta.dirname, 'no-network-guard.mjs')}`,
		SAMLA_TEST_NETWORK_LOG: log
	});
	type Entry = { thread: number; kind: string; host?: string; port?: number | null };
	const entries = (): Entry[] => readFileSync(log, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as Entry);

	it('groups ideas by what the model says they mean, where the lexical method sees no shared word', async () => {
		const texts = [...TOPICS.children, ...TOPICS.outdoors];
		const { moderator, ids } = await arrangeGrouping(app, texts);
		const answer = (await command(moderator, 'board:suggest', {})) as { ok: true } & Suggestions;
		expect(answer).toMatchObject({ ok: true, method: 'semantic' });
		const groups = answer.groups.map((g) => [...g.noteIds].sort());
		expect(groups).toContainEqual(TOPICS.children.map((t) => ids.get(t)).sort());
		expect(groups).toContainEqual(TOPICS.outdoors.map((t) => ids.get(t)).sort());
		expect(answer.groups.every((g) => !g.leftover)).toBe(true);
		// The same ideas, lexically: no group holds a whole topic.
		const lexical = suggestLexical({ ideas: texts.map((text, i) => ({ id: String(i), text })), groups: [] });
		expect(lexical.groups.some((g) => !g.leftover && g.noteIds.length >= 3)).toBe(false);
		moderator.close();
	});

	it('opens no outbound network connection while suggesting with the model, in the server or its worker thread', async () => {
		const { moderator } = await arrangeGrouping(app, [...TOPICS.outdoors, ...TOPICS.children]);
		const databasePort = Number(new URL(app.databaseUrl).port);
		const before = entries().length;
		expect(await command(moderator, 'board:suggest', {})).toMatchObject({ ok: true, method: 'semantic' });
		const all = entries();
		expect(all.some((e) => e.thread !== 0 && e.kind === 'guard')).toBe(true);
		const during = all.slice(before);
		expect(during.filter((e) => e.thread !== 0 && e.kind !== 'guard')).toEqual([]);
		expect(during.filter((e) => e.kind !== 'guard' && !(e.kind === 'connect' && e.port === databasePort))).toEqual([]);
		moderator.close();
	});
});

describe('suggesting when the configured model cannot be loaded', () => {
	const missing = join(tmpdir(), `samla-no-model-${randomUUID()}`);
	const app = useTestApp({ SAMLA_EMBEDDING_MODEL_DIR: missing });

	it('starts, suggests with the lexical method and logs why', async () => {
		const { moderator, ids } = await arrangeGrouping(app, ['Fler bussar till inlandet', 'Bättre kollektivtrafik i glesbygden', 'Snabbt bredband i hela länet']);
		const answer = (await command(moderator, 'board:suggest', {})) as { ok: true } & Suggestions;
		expect(answer).toMatchObject({ ok: true, method: 'lexical' });
		expect(answer.groups.flatMap((g) => g.noteIds).sort()).toEqual([...ids.values()].sort());
		expect(app.output()).toContain(`The embedding model in ${missing} failed`);
		moderator.close();
	});
});
