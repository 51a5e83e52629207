import type { Phase } from '../../engine/phases';
import type { SegmentField } from '../../meeting';
import type { Sql } from './sql';

/** What a participant sees about a meeting once their join code matched. */
export interface JoinableMeeting {
	id: string;
	themeTitle: string;
	startsAt: Date | null;
	location: string;
	remoteOnly: boolean;
	phase: Phase;
	processTitle: string;
	/** The optional details the join form asks, on its second step. */
	askedSegments: SegmentField[];
}

/**
 * The meeting with this join code (normalised: nine characters, upper case), or null.
 * Archived meetings and meetings of archived processes cannot be joined.
 */
export async function findMeetingByJoinCode(sql: Sql, code: string): Promise<JoinableMeeting | null> {
	const [meeting] = await sql<JoinableMeeting[]>`
		select m.id, m.theme_title, m.starts_at, m.location, m.remote_only, m.phase, m.asked_segments, p.title as process_title
		from meetings m join processes p on p.id = m.process_id
		where m.join_code = ${code} and m.archived_at is null and p.archived_at is null`;
	return meeting ?? null;
}
