import type { FollowUpIdea, FollowUpPage } from '../../follow-up/page';
import { SUPPRESSION_THRESHOLD } from '../../theme-input/schema';
import { notesBy } from '../db/notes';
import type { Sql } from '../db/sql';
import { exportOptions } from '../theme-input/downloads';
import { loadThemeInput } from '../theme-input/export';
import { readStoredBoard } from '../theme-input/stored-board';

// The public follow-up page of a closed meeting ("Så använde vi er input"): built from the
// publication variant of the theme input (no names, small groups suppressed). Which ideas are
// the reader's own is decided here, per request, from their participant session; nothing in the
// page tells anyone else whose an idea is.

/** The ids of the notes a participant wrote in the meeting (authorship is kept in `notes`, not on the board). */
export async function ownNoteIds(sql: Sql, meetingId: string, participantId: string): Promise<Set<string>> {
	// An old board names its authors until it is read once: record them first.
	(await readStoredBoard(sql, meetingId)).destroy();
	return new Set(await notesBy(sql, meetingId, participantId));
}

/**
 * The follow-up of a meeting, or null when there is none. Statuses appear only once they are
 * published; before that the page shows the priorities without them.
 */
export async function loadFollowUpPage(sql: Sql, meetingId: string, locale: 'sv' | 'en', participantId: string | null): Promise<FollowUpPage | null> {
	const data = await loadThemeInput(sql, meetingId, exportOptions(locale, true));
	if (!data) return null;
	const own = participantId ? await ownNoteIds(sql, meetingId, participantId) : new Set<string>();
	const published = data.followUp.publishedAt !== null;
	const idea = (i: { id: string; text: string; votes: number }): FollowUpIdea => ({ text: i.text, votes: i.votes, mine: own.has(i.id) });
	const ranked = data.clusters.filter((c) => c.rank !== null);
	const priorities = ranked.map((c) => ({
		rank: c.rank!,
		title: c.title,
		isTop: c.isTop,
		rationale: c.rationale,
		votes: c.votes + c.ideaVotes,
		followUp: published ? c.followUp : null,
		ideas: c.ideas.map(idea)
	}));
	const otherIdeas = [...data.clusters.filter((c) => c.rank === null).flatMap((c) => c.ideas), ...data.unclusteredIdeas].map(idea);
	const mine = [...priorities.flatMap((p) => p.ideas), ...otherIdeas].filter((i) => i.mine).length;
	return {
		meeting: { themeTitle: data.meeting.themeTitle, startsAt: data.meeting.startsAt, closedAt: data.meeting.closedAt },
		process: data.process,
		publishedAt: data.followUp.publishedAt,
		priorities,
		otherIdeas,
		participation: data.participation,
		threshold: SUPPRESSION_THRESHOLD,
		mine
	};
}
