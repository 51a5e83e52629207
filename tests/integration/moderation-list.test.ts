import { describe, expect, it } from 'vitest';
import { listNotes } from '../../src/lib/board/board';
import { accepted, arrangeConnectedMeeting, boardClient, command, noteId, until } from './board-fixtures';
import { useTestApp } from './harness';

describe('the list of moderated notes', () => {
	const app = useTestApp();

	it('a moderator lists hidden, removed and merged notes with reason and moderator, and a restored note leaves the list', async () => {
		const { meeting, participant: eva, moderator, socket: author } = await arrangeConnectedMeeting(app, 'Eva');
		const board = boardClient(app.url, meeting.meetingId, eva.token);
		await board.synced;
		const [hidden, removed, duplicate, kept] = [noteId(), noteId(), noteId(), noteId()];
		for (const [id, text] of [
			[hidden, 'Lite för hård ton'],
			[removed, 'Personuppgifter om en granne'],
			[duplicate, 'Fler cykelbanor'],
			[kept, 'Fler cykelbanor i centrum']
		]) {
			expect(await command(author, 'note:add', { id, text })).toEqual({ ok: true });
		}
		expect(await command(moderator, 'note:moderate', { noteId: hidden, action: 'hide', reason: 'Håll god ton' })).toEqual({ ok: true });
		expect(await command(moderator, 'note:moderate', { noteId: removed, action: 'remove', reason: 'Personuppgifter' })).toEqual({ ok: true });
		expect(await command(moderator, 'note:merge', { sourceId: duplicate, targetId: kept })).toEqual({ ok: true });

		const listed = accepted(await command(moderator, 'moderation:list', {}));
		expect(listed.ok).toBe(true);
		const byId = new Map(listed.notes.map((n) => [n.noteId, n]));
		expect(listed.notes).toHaveLength(3);
		expect(byId.get(hidden)).toMatchObject({ text: 'Lite för hård ton', status: 'hidden', reason: 'Håll god ton', moderatorName: 'Maja Moderator' });
		expect(byId.get(removed)).toMatchObject({ text: 'Personuppgifter om en granne', status: 'removed', reason: 'Personuppgifter' });
		expect(byId.get(duplicate)).toMatchObject({ text: 'Fler cykelbanor', status: 'merged', reason: kept });
		expect(typeof byId.get(hidden)!.createdAt).toBe('number');

		// Restoring puts the note back on the board and takes it off the list.
		expect(await command(moderator, 'note:moderate', { noteId: hidden, action: 'restore' })).toEqual({ ok: true });
		await until(board.doc, (doc) => listNotes(doc).some((n) => n.id === hidden));
		const after = accepted(await command(moderator, 'moderation:list', {}));
		expect(after.notes.map((n) => n.noteId).sort()).toEqual([removed, duplicate].sort());

		[moderator, author].forEach((s) => s.close());
		board.destroy();
	});

	it('a participant cannot list moderated notes, and a closed meeting can still be reviewed', async () => {
		const { moderator, socket: participant } = await arrangeConnectedMeeting(app, 'Fia', { phase: 'closed' });
		expect(await command(participant, 'moderation:list', {})).toMatchObject({ ok: false, code: 'FORBIDDEN' });
		expect(await command(moderator, 'moderation:list', {})).toEqual({ ok: true, notes: [] });
		[moderator, participant].forEach((s) => s.close());
	});
});
