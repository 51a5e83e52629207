import { describe, expect, it } from 'vitest';
import type { OutboxItem } from '../../client/outbox';
import { countedVotes, voteStanding } from './vote-standing';

const place = (key: string, itemId: string): OutboxItem => ({ key: `o-${key}`, name: 'vote:place', payload: { itemKind: 'cluster', itemId, key }, queuedAt: 0 });
const remove = (key: string): OutboxItem => ({ key: `o-${key}-r`, name: 'vote:remove', payload: { key }, queuedAt: 0 });
const limits = { budget: 5, maxPerItem: 3 };

describe('a participant’s vote standing', () => {
	it('counts confirmed votes and those still waiting to be sent, once each', () => {
		const confirmed = { budget: 5, maxPerItem: 3, votes: [{ key: 'v-1', itemKind: 'cluster' as const, itemId: 'c-a' }] };
		// v-1 is both confirmed and still in the outbox (its ack is on the way): it counts once.
		const votes = countedVotes(confirmed, [place('v-1', 'c-a'), place('v-2', 'c-a'), place('v-3', 'c-b')]);
		expect(voteStanding(votes, limits, { kind: 'cluster', id: 'c-a' })).toEqual({ mine: 2, left: 2, budget: 5, maxPerItem: 3, blocked: null });
	});

	it('a vote being taken back no longer counts', () => {
		const confirmed = { budget: 5, maxPerItem: 3, votes: [{ key: 'v-1', itemKind: 'cluster' as const, itemId: 'c-a' }] };
		const votes = countedVotes(confirmed, [remove('v-1')]);
		expect(voteStanding(votes, limits, { kind: 'cluster', id: 'c-a' }).mine).toBe(0);
	});

	it('another vote on an item is blocked at the per-item cap, and everywhere once the budget is used', () => {
		const atCap = countedVotes(null, [place('v-1', 'c-a'), place('v-2', 'c-a'), place('v-3', 'c-a')]);
		expect(voteStanding(atCap, limits, { kind: 'cluster', id: 'c-a' }).blocked).toBe('cap');
		expect(voteStanding(atCap, limits, { kind: 'cluster', id: 'c-b' }).blocked).toBeNull();
		const spent = countedVotes(null, [...['1', '2', '3'].map((k) => place(`v-${k}`, 'c-a')), place('v-4', 'c-b'), place('v-5', 'c-b')]);
		expect(voteStanding(spent, limits, { kind: 'cluster', id: 'c-c' })).toMatchObject({ left: 0, blocked: 'budget' });
	});
});
