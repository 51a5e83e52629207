import type { Meeting } from '../../meeting';
import type { Sql } from './sql';
import { isUuid } from './uuid';

/** What the board page shows of a meeting before the live connection is up. */
export interface BoardMeeting
	extends Pick<Meeting, 'id' | 'processId' | 'themeTitle' | 'guidingQuestions' | 'startsAt' | 'endsAt' | 'location' | 'remoteOnly'>,
		Pick<Meeting, 'phase' | 'whoMayGroup' | 'anonymousAuthors' | 'notesPrivateUntilReveal'> {
	processTitle: string;
	lateNotesAllowed: boolean;
	locked: boolean;
	notesRevealed: boolean;
	/** Archived meetings and meetings of archived processes. */
	archived: boolean;
}

/**
 * One meeting for its board page, whoever asks: the caller decides who may see it
 * (resolveMeetingAccess: a participant of this meeting, or a moderator of its process).
 */
export async function loadBoardMeeting(sql: Sql, meetingId: string): Promise<BoardMeeting | null> {
	if (!isUuid(meetingId)) return null;
	const [row] = await sql<BoardMeeting[]>`
		select m.id, m.process_id, p.title as process_title, m.theme_title, m.guiding_questions, m.starts_at,
		       m.ends_at, m.location, m.remote_only, m.phase, m.who_may_group, m.anonymous_authors,
		       m.late_notes_allowed, m.locked, m.notes_private_until_reveal,
		       m.notes_revealed_at is not null as notes_revealed, (m.archived_at is not null or p.archived_at is not null) as archived
		from meetings m join processes p on p.id = m.process_id
		where m.id = ${meetingId}`;
	return row ?? null;
}
