import { LIMITS } from '../board/records';

// The limits on ideas, judged once: the server when it records an idea (inside the transaction
// that locks the meeting's row), the board page to say why writing is blocked.

/** Why one more idea does not fit, or null when it does: per author, then per meeting, private and shared alike. */
export function ideaRefusal(counts: { mine: number; all: number }): 'NOTE_LIMIT' | 'BOARD_FULL' | null {
	if (counts.mine >= LIMITS.notesPerParticipant) return 'NOTE_LIMIT';
	if (counts.all >= LIMITS.notesPerBoard) return 'BOARD_FULL';
	return null;
}

/**
 * Why one more vote does not fit, or null when it does: the participant's budget, then the cap per
 * item. PostgreSQL judges the same with conditional writes (server/meeting/votes.ts), so that
 * concurrent votes cannot both take the last one.
 */
export function voteRefusal(
	mine: { used: number; onItem: number },
	meeting: { votesPerParticipant: number; maxVotesPerItem: number }
): 'VOTE_BUDGET' | 'VOTE_ITEM_CAP' | null {
	if (mine.used >= meeting.votesPerParticipant) return 'VOTE_BUDGET';
	if (mine.onItem >= meeting.maxVotesPerItem) return 'VOTE_ITEM_CAP';
	return null;
}
