import { m } from '$lib/paraglide/messages';

// Words of the results and the priority list (./outcome's chunk, fetched once the votes are
// revealed or ranking starts): not part of the page a participant opens to write ideas.

export function votesText(count: number): string {
	return count === 1 ? m.board_votes_one() : m.board_votes_other({ count });
}

export function votersText(count: number): string {
	return count === 1 ? m.board_results_voters_one() : m.board_results_voters_other({ count });
}
