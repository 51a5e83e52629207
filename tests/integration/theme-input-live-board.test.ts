import { describe, expect, it } from 'vitest';
import { arrangeMeeting, command, meetingSocket, noteId } from './board-fixtures';
import { projectedIdea, useInProcessApp } from './harness';

// Issue 15: the scheduled projection takes a meeting's board from its live room in this process
// (the committed document) instead of reading the snapshot and update log from PostgreSQL again.

describe('the theme-input projection of a live board', () => {
	const app = useInProcessApp();

	it("projects the live room's committed board without reading the stored board", async () => {
		const meeting = await arrangeMeeting(app.sql, { phase: 'brainstorm' });
		const moderator = await meetingSocket(app.url, meeting.meetingId, meeting.moderatorToken);
		try {
			expect(await command(moderator, 'note:add', { id: noteId(), text: 'Kulturskola i varje kommun' })).toEqual({ ok: true });
			// The stored board becomes unreadable (a snapshot no Yjs document can apply): only the live
			// room can tell the projection what the board holds now. The room never reads it again.
			await app.sql`
				insert into board_snapshots (meeting_id, state, through_id) values (${meeting.meetingId}, ${Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff])}, 0)
				on conflict (meeting_id) do update set state = excluded.state, through_id = 0`;
			const id = noteId();
			expect(await command(moderator, 'note:add', { id, text: 'Bibliotek öppna på kvällen' })).toEqual({ ok: true });
			expect(await projectedIdea(app.sql, meeting.meetingId, id)).toEqual([{ text: 'Bibliotek öppna på kvällen' }]);
			const [{ n }] = await app.sql<{ n: number }[]>`select count(*)::int as n from theme_ideas where meeting_id = ${meeting.meetingId}`;
			expect(n).toBe(2);
		} finally {
			moderator.close();
		}
	});
});
