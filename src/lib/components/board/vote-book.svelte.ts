import type { BoardSession } from './board-session.svelte';
import { countedVotes, voteStanding, type VoteItemKind, type VoteStanding } from './vote-standing';

/**
 * My votes while voting, counting those still waiting in the outbox (so that quick clicks cannot
 * ask for more than the budget), for the vote buttons and the votes-left bar. In the vote tools'
 * chunk (./vote-tools), as only voting needs it: the board page makes one when it loads them.
 */
export class VoteBook {
	constructor(session: BoardSession) {
		this.votes = $derived(countedVotes(session.connection?.myVotes ?? null, session.connection?.pending ?? []));
		this.limits = $derived({
			budget: session.connection?.myVotes?.budget ?? session.meeting?.votesPerParticipant ?? 0,
			maxPerItem: session.connection?.myVotes?.maxPerItem ?? session.meeting?.maxVotesPerItem ?? 0
		});
	}

	/** My votes, counting those still waiting to be sent. */
	votes: ReturnType<typeof countedVotes>;
	limits: { budget: number; maxPerItem: number };

	/** My votes on one item and whether another can go there. */
	standing(kind: VoteItemKind, id: string): VoteStanding {
		return voteStanding(this.votes, this.limits, { kind, id });
	}
}
