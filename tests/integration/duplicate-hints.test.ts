import { describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { useTestApp } from './harness';
import { arrangeConnectedMeeting, command, noteId } from './board-fixtures';
import type { DuplicateHint } from '../../src/lib/protocol/commands';

// Issue 14: duplicate hints while ideas arrive. The server compares each new idea with the ideas
// before it and tells the moderators at once; participants hear nothing, private ideas are not
// compared before the reveal, and a hint names ideas, never who wrote them.

/** The next `duplicates:hint` batch a socket receives. */
const nextHints = (socket: Socket) => new Promise<DuplicateHint[]>((resolve) => socket.once('duplicates:hint', resolve));

async function add(socket: Socket, text: string): Promise<string> {
	const id = noteId();
	expect((await command(socket, 'note:add', { id, text })).ok).toBe(true);
	return id;
}

describe('duplicate hints while ideas arrive', () => {
	const app = useTestApp();

	it('tells the moderators, and nobody else, the moment an idea repeats an earlier one in brainstorm', async () => {
		const { participant, moderator, socket } = await arrangeConnectedMeeting(app, 'Anna Andersson');
		const heard: unknown[] = [];
		socket.on('duplicates:hint', (hints) => heard.push(hints));
		const original = await add(socket, 'Fiber till alla hushåll även utanför tätorterna');
		await add(socket, 'Fler bussar till inlandet');
		const hinted = nextHints(moderator);
		const copy = await add(socket, 'Fiber till alla hushål även utanför tätorten');
		const hints = await hinted;
		expect(hints).toEqual([{ noteId: copy, duplicateOfId: original, similarity: expect.any(Number) }]);
		expect(hints[0].similarity).toBeGreaterThanOrEqual(0.55);
		expect(JSON.stringify(hints)).not.toContain(participant.id);
		// The same list on request; a participant may not ask for it (a round trip on its socket also
		// shows that no hint was on its way to it).
		expect(await command(moderator, 'duplicates:list', {})).toEqual({ ok: true, duplicates: hints });
		expect(await command(socket, 'duplicates:list', {})).toMatchObject({ ok: false, code: 'FORBIDDEN' });
		expect(heard).toEqual([]);
		// An idea unlike the others gives no hint.
		await add(socket, 'Bygg fler hyresrätter i de mindre kommunerna');
		expect(await command(moderator, 'duplicates:list', {})).toEqual({ ok: true, duplicates: hints });
		moderator.close();
		socket.close();
	});

	it('accepting a hint is the existing one-action merge: the copy leaves the board, the hint goes, the audit log says so', async () => {
		const { meeting, moderator, socket } = await arrangeConnectedMeeting(app, 'Bo');
		const original = await add(socket, 'Snabbt bredband i hela länet');
		const hinted = nextHints(moderator);
		const copy = await add(socket, 'Snabbt bredband i hela länet!');
		expect((await hinted)[0]).toMatchObject({ noteId: copy, duplicateOfId: original });
		expect(await command(moderator, 'note:merge', { sourceId: copy, targetId: original })).toEqual({ ok: true });
		expect(await command(moderator, 'duplicates:list', {})).toEqual({ ok: true, duplicates: [] });
		const audit = await app.sql`select details from audit_log where meeting_id = ${meeting.meetingId} and action = 'note_merge'`;
		expect(audit).toHaveLength(1);
		moderator.close();
		socket.close();
	});

	it('compares no private idea before the reveal, and the revealed ones at once', async () => {
		const { moderator, socket } = await arrangeConnectedMeeting(app, 'Cecilia', { private: true });
		const original = await add(socket, 'Fler vårdcentraler i glesbygden');
		const copy = await add(socket, 'Fler vårdcentraler i glesbygden tack');
		expect(await command(moderator, 'duplicates:list', {})).toEqual({ ok: true, duplicates: [] });
		const hinted = nextHints(moderator);
		expect(await command(moderator, 'notes:reveal', {})).toMatchObject({ ok: true, revealed: 2 });
		const hints = await hinted;
		// Revealed together, they keep their creation times: the later one is the copy.
		expect(hints).toEqual([{ noteId: copy, duplicateOfId: original, similarity: expect.any(Number) }]);
		moderator.close();
		socket.close();
	});

	it('in grouping, an edit that makes an idea repeat another gives a hint, and moving ideas gives none', async () => {
		const { moderator, socket } = await arrangeConnectedMeeting(app, 'David');
		const first = await add(socket, 'Laddstolpar vid alla mataffärer');
		const second = await add(socket, 'Mer konst i offentliga miljöer');
		expect((await command(moderator, 'meeting:phase', { phase: 'group' })).ok).toBe(true);
		expect((await command(moderator, 'notes:move', { ids: [first, second], clusterId: 'c-energi-1', newCluster: { id: 'c-energi-1', title: 'Energi' } })).ok).toBe(true);
		expect(await command(moderator, 'duplicates:list', {})).toEqual({ ok: true, duplicates: [] });
		const hinted = nextHints(moderator);
		expect((await command(moderator, 'note:edit', { id: second, text: 'Laddstolpar vid alla mataffärerna' })).ok).toBe(true);
		expect(await hinted).toEqual([{ noteId: second, duplicateOfId: first, similarity: expect.any(Number) }]);
		moderator.close();
		socket.close();
	});
});
