import { m } from '$lib/paraglide/messages';
import type { Phase } from '$lib/engine/phases';
import { wordsFor, type MessageTable } from '$lib/message-table';

// The projector's words, from the message catalogue: what the room reads from its back rows.

const PHASE_NAMES: MessageTable<Phase> = {
	draft: m.proj_phase_draft,
	brainstorm: m.proj_phase_brainstorm,
	group: m.proj_phase_group,
	vote: m.proj_phase_vote,
	rank: m.proj_phase_rank,
	closed: m.proj_phase_closed
};
export const phaseName = wordsFor(PHASE_NAMES);

/** What the room should do now. */
export function phaseHelp(phase: Phase, { privateBrainstorm, votesRevealed }: { privateBrainstorm: boolean; votesRevealed: boolean }): string {
	switch (phase) {
		case 'draft':
			return m.proj_do_draft();
		case 'brainstorm':
			return privateBrainstorm ? m.proj_do_brainstorm_private() : m.proj_do_brainstorm();
		case 'group':
			return m.proj_do_group();
		case 'vote':
			return votesRevealed ? m.proj_do_vote_revealed() : m.proj_do_vote();
		case 'rank':
			return m.proj_do_rank();
		case 'closed':
			return m.proj_do_closed();
	}
}

export function votesText(count: number): string {
	return count === 1 ? m.proj_votes_one() : m.proj_votes_other({ count });
}

export function votersText(count: number): string {
	return count === 1 ? m.proj_results_voters_one() : m.proj_results_voters_other({ count });
}

export function ideasText(count: number): string {
	return count === 1 ? m.scr_proj_ideas_one() : m.scr_proj_ideas_other({ count });
}
