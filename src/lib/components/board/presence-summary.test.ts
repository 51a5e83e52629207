import { describe, expect, it } from 'vitest';
import { crowdOf } from '../../protocol/presence';
import { readPresence, summarisePresence, type PresenceEntry } from './presence-summary';

const entry = (over: Partial<PresenceEntry>): PresenceEntry => ({
	clientId: 1,
	id: 'p1',
	name: 'Anna',
	role: 'participant',
	attendance: 'on_site',
	typing: false,
	...over
});

describe('summarisePresence', () => {
	it('counts a person with two tabs once, and splits on site from remote', () => {
		const summary = summarisePresence(
			[
				entry({ clientId: 1, id: 'p1', name: 'Anna' }),
				entry({ clientId: 2, id: 'p1', name: 'Anna' }),
				entry({ clientId: 3, id: 'p2', name: 'Bo', attendance: 'remote' }),
				entry({ clientId: 4, id: 'm1', name: 'Mo', role: 'moderator', attendance: null })
			],
			{ id: 'p2', clientId: 3, name: 'Bo', role: 'participant', attendance: 'remote' }
		);
		expect(summary.people.map((p) => p.name)).toEqual(['Bo', 'Anna', 'Mo']);
		expect(summary.people[0].isMe).toBe(true);
		expect(summary.onSite).toBe(1);
		expect(summary.remote).toBe(1);
		// The parts add up to "Här nu" (issue 8, point 7): the moderator is counted apart.
		expect(summary.others).toBe(1);
		expect(summary.onSite + summary.remote + summary.others).toBe(summary.people.length);
	});

	it('counts oneself even before the server has sent one\'s own presence back', () => {
		const summary = summarisePresence([entry({ clientId: 1, id: 'p1', name: 'Anna' })], {
			id: 'm1',
			clientId: 9,
			name: 'Mo',
			role: 'moderator',
			attendance: null
		});
		expect(summary.people.map((p) => [p.name, p.isMe])).toEqual([
			['Mo', true],
			['Anna', false]
		]);
	});

	it('lists the others who type, never oneself', () => {
		const summary = summarisePresence(
			[entry({ clientId: 1, id: 'p1', name: 'Anna', typing: true }), entry({ clientId: 2, id: 'p2', name: 'Bo', typing: true })],
			{ id: 'p2', clientId: 2, name: 'Bo', role: 'participant', attendance: 'remote' }
		);
		expect(summary.typing).toEqual(['Anna']);
	});

	it('keeps people apart by connection in an anonymous meeting, where there are no ids', () => {
		const summary = summarisePresence(
			[entry({ clientId: 1, id: null, name: 'Anna' }), entry({ clientId: 3, id: null, name: 'Anna' })],
			{ id: 'p1', clientId: 2, name: 'Bo', role: 'participant', attendance: 'on_site' }
		);
		expect(summary.people.map((p) => p.name)).toEqual(['Bo', 'Anna', 'Anna']);
		expect(summary.people.filter((p) => p.isMe).map((p) => p.name)).toEqual(['Bo']);
	});

	it('in a large meeting counts everyone by the server\'s crowd and says how many are not listed (issue 15)', () => {
		const summary = summarisePresence(
			[entry({ clientId: 4, id: 'm1', name: 'Mo', role: 'moderator', attendance: null }), entry({ clientId: 1, id: 'p1', name: 'Anna', typing: true })],
			{ id: 'p2', clientId: 2, name: 'Bo', role: 'participant', attendance: 'remote' },
			'sv',
			crowdOf({ crowd: { people: 5000, onSite: 1200, remote: 3790, others: 10 } })
		);
		expect(summary.people.map((p) => p.name)).toEqual(['Bo', 'Anna', 'Mo']);
		expect(summary.total).toBe(5000);
		expect(summary.unlisted).toBe(4997);
		expect([summary.onSite, summary.remote, summary.others]).toEqual([1200, 3790, 10]);
		expect(summary.typing).toEqual(['Anna']);
		// Without counts (a meeting under the limit) everyone is listed and counted by the list.
		const small = summarisePresence([entry({ clientId: 1 })], { id: 'p2', clientId: 2, name: 'Bo', role: 'participant', attendance: 'remote' });
		expect([small.total, small.unlisted]).toEqual([2, 0]);
		expect(crowdOf({ typing: false })).toBeNull();
	});

	it('reads the awareness states into entries and a large meeting\'s counts', () => {
		const { entries, crowd } = readPresence(
			[
				[1, { user: { id: 'p1', name: 'Anna', role: 'participant', attendance: 'remote' }, typing: true, editing: null }],
				[2, { typing: false }], // one's own state, not stamped
				[3, { crowd: { people: 120, onSite: 20, remote: 99, others: 1 } }]
			]
		);
		expect(entries).toEqual([{ clientId: 1, id: 'p1', name: 'Anna', role: 'participant', attendance: 'remote', typing: true }]);
		expect(crowd).toEqual({ people: 120, onSite: 20, remote: 99, others: 1 });
		expect(readPresence([[1, { typing: false }]]).crowd).toBeNull();
	});
});
