import { m } from '$lib/paraglide/messages';
import type { Phase } from '$lib/engine/phases';

// The moderator's words on the board page, in the moderator's chunk (./moderator-tools).

const MODERATOR_HELP: { readonly [phase in Phase]?: () => string } = {
	draft: m.board_help_draft_moderator,
	vote: m.board_help_vote_moderator,
	rank: m.board_help_rank_moderator
};

/** What the one running the meeting does now, where it differs from what the participants do (./labels phaseHelp). */
export function moderatorPhaseHelp(phase: Phase): string | null {
	return MODERATOR_HELP[phase]?.() ?? null;
}
