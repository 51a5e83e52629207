import { describe, expect, it } from 'vitest';
import { arrangeMeeting, command, meetingSocket, noteId } from './board-fixtures';
import { projectedIdea, useInProcessApp } from './harness';

// Issue 15: the scheduled projection takes a meeting's board from its live room in this process
// (the committed document) instead of reading the snapshot and update log from PostgreSQL again,
// and keeps what it stored of a meeting only until the meeting's row changes (a purge).

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

	it("rewrites every theme row after the meeting's row changed elsewhere, as a purge by the CLI changes it: the rows it kept of the meeting, names included, are gone from its memory", async () => {
		const meeting = await arrangeMeeting(app.sql, { phase: 'brainstorm' });
		const moderator = await meetingSocket(app.url, meeting.meetingId, meeting.moderatorToken);
		const versions = async (ids: string[]) =>
			(await app.sql<{ version: string }[]>`select xmin::text as version from theme_ideas where meeting_id = ${meeting.meetingId} and note_id in ${app.sql(ids)} order by note_id`).map((r) => r.version);
		const added = async (text: string) => {
			const id = noteId();
			expect(await command(moderator, 'note:add', { id, text })).toEqual({ ok: true });
			await projectedIdea(app.sql, meeting.meetingId, id);
			return id;
		};
		try {
			const first = [await added('Kulturskola i varje kommun'), await added('Bibliotek öppna på kvällen')];
			const before = await versions(first);
			// While the process keeps the meeting's projected rows, a new idea writes its row only.
			await added('Fler mötesplatser för unga');
			expect(await versions(first)).toEqual(before);
			// Another process changes the meeting's row (the CLI's purge sets purged_at; here a no-op
			// update, which PostgreSQL announces the same way) …
			await app.sql`update meetings set theme_title = theme_title where id = ${meeting.meetingId}`;
			// … and the next run has nothing cached: it rewrites every row.
			await added('Lokaler som föreningar kan låna');
			const after = await versions(first);
			expect(after.every((version, i) => version !== before[i])).toBe(true);
		} finally {
			moderator.close();
		}
	});
});
