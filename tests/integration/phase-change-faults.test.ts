import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listNotes } from '../../src/lib/board/board';
import { phaseChange, type PhaseEffect } from '../../src/lib/engine/transitions';
import type { Phase } from '../../src/lib/engine/phases';
import { connect, type Sql } from '../../src/lib/server/db/sql';
import { readStoredBoard } from '../../src/lib/server/theme-input/stored-board';
import type { TransitionPoint } from '../../server/meeting/phase-change';
import { arrangeMeeting, arrangeParticipant, boardClient, command, meetingSocket, noteId } from './board-fixtures';
import { createTestDatabase, startInProcessApp, type InProcessApp } from './harness';

// Issue 11: a phase change applies all its effects in one transaction. The server runs in this
// process with a fault hook that throws at a chosen point of a chosen meeting's transition, as a
// crash there would stop it; then it is stopped and started again on the same database. Each
// meeting must then be exactly as before the change (fault before the commit) or exactly as after
// it (fault after the commit), and the change must go through once the fault is gone.

/** Where each meeting's transition is to fail; read by the hook. */
const failAt = new Map<string, TransitionPoint>();
const faults = (point: TransitionPoint, meetingId: string) => {
	if (failAt.get(meetingId) === point) throw new Error(`Injected fault at ${point}`);
};

/** What a phase change touches, as PostgreSQL holds it. */
async function stateOf(sql: Sql, meetingId: string) {
	const [meeting] = await sql<{ phase: Phase; notesRevealed: boolean; closed: boolean }[]>`
		select phase, notes_revealed_at is not null as notes_revealed, closed_at is not null as closed from meetings where id = ${meetingId}`;
	const [notes] = await sql<{ private: number; board: number }[]>`
		select count(*) filter (where visibility = 'private')::int as private, count(*) filter (where visibility = 'board')::int as board
		from notes where meeting_id = ${meetingId}`;
	const doc = await readStoredBoard(sql, meetingId);
	const onBoard = listNotes(doc).length;
	doc.destroy();
	const [{ priorities }] = await sql<{ priorities: number }[]>`select count(*)::int as priorities from priorities where meeting_id = ${meetingId}`;
	const [{ phaseAudits }] = await sql<{ phaseAudits: number }[]>`
		select count(*)::int as phase_audits from audit_log where meeting_id = ${meetingId} and action = 'phase'`;
	const [projection] = await sql<{ final: boolean }[]>`select final from theme_projections where meeting_id = ${meetingId}`;
	return { ...meeting, ...notes, onBoard, priorities, phaseAudits, finalThemeInput: projection?.final ?? false };
}

/** The transitions under test: from an arranged phase, with two private ideas not yet revealed and one group. */
const TRANSITIONS: { from: Phase; to: Phase }[] = [
	{ from: 'brainstorm', to: 'group' },
	{ from: 'vote', to: 'rank' },
	{ from: 'rank', to: 'closed' }
];

describe('a phase change is one transaction (issue 11)', () => {
	const database = { url: '', drop: async () => {} };
	let sql: Sql;
	let app: InProcessApp;
	const cases: { meetingId: string; moderatorToken: string; from: Phase; to: Phase; point: TransitionPoint; before: Awaited<ReturnType<typeof stateOf>> }[] = [];

	beforeAll(async () => {
		Object.assign(database, await createTestDatabase());
		sql = connect(database.url, { max: 4 });
		app = await startInProcessApp({ databaseUrl: database.url, faults });
		for (const { from, to } of TRANSITIONS) {
			const plan = phaseChange(from, to, { notesRevealed: false })!;
			const points: TransitionPoint[] = [...plan.effects, 'commit', 'committed'];
			for (const point of points) {
				const meeting = await arrangeMeeting(sql, { phase: 'brainstorm', private: true });
				const participant = await arrangeParticipant(sql, meeting.meetingId, 'Anna');
				const [moderator, socket] = await Promise.all([
					meetingSocket(app.url, meeting.meetingId, meeting.moderatorToken),
					meetingSocket(app.url, meeting.meetingId, participant.token)
				]);
				for (const text of ['Kulturbuss till byarna', 'Öppna skolor på kvällen']) {
					expect(await command(socket, 'note:add', { id: noteId(), text })).toEqual({ ok: true });
				}
				expect(await command(moderator, 'cluster:create', { id: `c-${noteId()}`, title: 'Mötesplatser' })).toEqual({ ok: true });
				moderator.disconnect();
				socket.disconnect();
				// Arranged straight into the phase before the change, the ideas still private.
				await sql`update meetings set phase = ${from} where id = ${meeting.meetingId}`;
				failAt.set(meeting.meetingId, point);
				cases.push({ ...meeting, from, to, point, before: await stateOf(sql, meeting.meetingId) });
			}
		}
	});

	afterAll(async () => {
		await app?.close();
		await sql?.end({ timeout: 1 });
		await database.drop();
	});

	it('a fault between any two effects leaves every meeting fully before the change, and after the commit fully after it, also after a restart', async () => {
		for (const c of cases) {
			const moderator = await meetingSocket(app.url, c.meetingId, c.moderatorToken);
			const ack = await command(moderator, 'meeting:phase', { phase: c.to });
			expect(ack, `${c.from} → ${c.to}, fault at ${c.point}`).toMatchObject({ ok: false, code: 'INTERNAL' });
			moderator.disconnect();
		}
		// What the live rooms hold: a board client sees the ideas only where the change committed.
		for (const c of cases) {
			const board = boardClient(app.url, c.meetingId, c.moderatorToken);
			await board.synced;
			expect(listNotes(board.doc).length, `${c.from} → ${c.to}, fault at ${c.point}`).toBe(c.point === 'committed' ? 2 : 0);
			board.destroy();
		}

		await app.close();
		failAt.clear();
		app = await startInProcessApp({ databaseUrl: database.url });

		for (const c of cases) {
			const what = `${c.from} → ${c.to}, fault at ${c.point}`;
			const state = await stateOf(sql, c.meetingId);
			if (c.point !== 'committed') {
				expect(state, what).toEqual(c.before);
				const moderator = await meetingSocket(app.url, c.meetingId, c.moderatorToken);
				expect(await command(moderator, 'meeting:phase', { phase: c.to }), what).toEqual({ ok: true, phase: c.to });
				moderator.disconnect();
			}
			expect(await stateOf(sql, c.meetingId), what).toEqual(fullyAfter(c.before, c.to));
		}
	});
});

/** The state after moving from `before` to `to`, by the effects the engine lists for that step. */
function fullyAfter(before: Awaited<ReturnType<typeof stateOf>>, to: Phase) {
	const effects: PhaseEffect[] = phaseChange(before.phase, to, before)!.effects;
	const after = { ...before, phase: to, phaseAudits: before.phaseAudits + 1, closed: to === 'closed' };
	if (effects.includes('reveal_notes')) Object.assign(after, { notesRevealed: true, private: 0, board: before.board + before.private, onBoard: before.onBoard + before.private });
	if (effects.includes('prepare_priorities')) after.priorities = 1;
	if (effects.includes('project_theme_input')) after.finalThemeInput = true;
	return after;
}
