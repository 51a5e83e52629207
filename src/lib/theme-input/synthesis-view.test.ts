import { describe, expect, it } from 'vitest';
import { filterPriorities, shade, type PriorityView } from './synthesis-view';

const priority = (title: string, ideas: string[] = []): PriorityView => ({
	meetingId: 'm',
	themeTitle: 'Kulturliv',
	rank: 1,
	title,
	isTop: false,
	rationale: '',
	votes: 0,
	ideas: ideas.map((text, i) => ({ id: String(i), text, votes: 0 }))
});

describe('the synthesis view', () => {
	it('finds priorities by every word of the search, in titles and in their ideas, in any case', () => {
		const list = [priority('Bygdegårdar', ['Rusta upp lokalerna']), priority('Kulturskola', ['Musik i skolan'])];
		expect(filterPriorities(list, 'RUSTA lokal').map((p) => p.title)).toEqual(['Bygdegårdar']);
		expect(filterPriorities(list, 'kulturliv').length).toBe(2);
		expect(filterPriorities(list, '  ')).toEqual(list);
		expect(filterPriorities(list, 'fotboll')).toEqual([]);
	});
	it('shades cells in four steps up to the largest, and none for nobody or suppressed', () => {
		expect([0, 1, 5, 10, 20].map((n) => shade(n, 20))).toEqual([0, 1, 1, 2, 4]);
		expect(shade(null, 20)).toBe(0);
	});
});
