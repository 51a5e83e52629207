import type { Phase } from '../../engine/phases';
import type { Sql } from './sql';
import { isUuid } from './uuid';

/** What the projector page shows of a meeting before its live connection is up. */
export interface ProjectorMeeting {
	id: string;
	processTitle: string;
	themeTitle: string;
	guidingQuestions: string[];
	/** Normalised, without dashes. */
	joinCode: string;
	phase: Phase;
	privateBrainstorm: boolean;
	votesRevealed: boolean;
	archived: boolean;
}

/**
 * One meeting for its projector. Nothing about participants: the projector shows the room what
 * the meeting shows, and no personal data. The caller has checked the projector key.
 */
export async function loadProjectorMeeting(sql: Sql, meetingId: string): Promise<ProjectorMeeting | null> {
	if (!isUuid(meetingId)) return null;
	const [row] = await sql<ProjectorMeeting[]>`
		select m.id, p.title as process_title, m.theme_title, m.guiding_questions, m.join_code, m.phase,
		       (m.phase = 'brainstorm' and m.notes_private_until_reveal and m.notes_revealed_at is null) as private_brainstorm,
		       m.votes_revealed_at is not null as votes_revealed,
		       (m.archived_at is not null or p.archived_at is not null) as archived
		from meetings m join processes p on p.id = m.process_id
		where m.id = ${meetingId}`;
	return row ?? null;
}
