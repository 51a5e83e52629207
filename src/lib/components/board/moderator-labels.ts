import { m } from '$lib/paraglide/messages';
import type { Phase } from '$lib/engine/phases';

// The moderator's words on the board page, in the moderator's chunk (./moderator-tools).

/** What the one running the meeting does now, where it differs from what the participants do (./labels phaseHelp). */
export function moderatorPhaseHelp(phase: Phase): string | null {
	switch (phase) {
		case 'draft':
			return m.board_help_draft_moderator();
		case 'vote':
			return m.board_help_vote_moderator();
		case 'rank':
			return m.board_help_rank_moderator();
		default:
			return null;
	}
}
