import type { OutboxItem } from '../../client/outbox';
import type { MyVotes } from '../../protocol/commands';

// A participant's votes as the page shows them: what the server confirmed (`votes:mine`), with
// the votes still waiting in the outbox already counted, so quick clicks cannot ask for more than
// the budget. The server stays the only judge; this only decides which buttons are usable.

export type VoteItemKind = 'cluster' | 'note';

interface CountedVote {
	key: string;
	itemKind: VoteItemKind;
	itemId: string;
}

/** Every vote of mine as it will be once the outbox is sent: confirmed ones, plus waiting places, minus waiting take-backs. */
export function countedVotes(myVotes: MyVotes | null, pending: readonly OutboxItem[]): CountedVote[] {
	const votes = new Map<string, CountedVote>((myVotes?.votes ?? []).map((v) => [v.key, v]));
	for (const item of pending) {
		const { key, itemKind, itemId } = item.payload;
		if (typeof key !== 'string') continue;
		if (item.name === 'vote:remove') votes.delete(key);
		else if (item.name === 'vote:place' && (itemKind === 'cluster' || itemKind === 'note') && typeof itemId === 'string' && !votes.has(key)) {
			votes.set(key, { key, itemKind, itemId });
		}
	}
	return [...votes.values()];
}

export interface VoteStanding {
	/** My votes on this item. */
	mine: number;
	/** Votes I have left in all. */
	left: number;
	budget: number;
	maxPerItem: number;
	/** Why another vote cannot be placed here, or null when it can. */
	blocked: 'budget' | 'cap' | null;
}

/** My votes on one item and whether I can place another there. */
export function voteStanding(
	votes: readonly CountedVote[],
	limits: { budget: number; maxPerItem: number },
	item: { kind: VoteItemKind; id: string }
): VoteStanding {
	const mine = votes.filter((v) => v.itemKind === item.kind && v.itemId === item.id).length;
	const left = Math.max(0, limits.budget - votes.length);
	const blocked = left === 0 ? 'budget' : mine >= limits.maxPerItem ? 'cap' : null;
	return { mine, left, budget: limits.budget, maxPerItem: limits.maxPerItem, blocked };
}
