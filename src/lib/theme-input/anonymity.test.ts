import { describe, expect, it } from 'vitest';
import { publishableAttributes, type AttributeGroup } from './anonymity';

const group = (sector: string, municipality: string, attendance: string, participants: number): AttributeGroup => ({
	attributes: { sector, municipality, attendance },
	participants
});

describe('publishableAttributes (issue 9, defect 10: k ≥ 5 on the published combination)', () => {
	// 5 from the municipality sector, 5 from Malå, but only one municipal employee from Malå.
	const population = [
		group('municipality', '2418', 'on_site', 1),
		group('municipality', '2480', 'on_site', 4),
		group('business', '2418', 'on_site', 4),
		group('business', '2480', 'remote', 3)
	];

	it('never publishes a combination of fewer than 5 people, though each attribute alone has 5', () => {
		const published = publishableAttributes({ sector: 'municipality', municipality: '2418', attendance: 'on_site' }, population);
		expect(published).toEqual({ municipality: '2418', attendance: 'on_site' });
	});

	it('publishes the whole combination when at least 5 share it', () => {
		const crowd = [group('business', '2480', 'remote', 5), group('business', '2480', 'on_site', 1)];
		expect(publishableAttributes({ sector: 'business', municipality: '2480', attendance: 'remote' }, crowd)).toEqual({
			sector: 'business',
			municipality: '2480',
			attendance: 'remote'
		});
	});

	it('publishes nothing when no attribute is shared by 5, and never what the author did not say or a suppressed group', () => {
		const few = [group('business', '2480', 'remote', 2), group('academia', '2481', 'on_site', 2)];
		expect(publishableAttributes({ sector: 'business', municipality: '2480', attendance: 'remote' }, few)).toEqual({});
		const many = [group('', '2480', 'remote', 6)];
		expect(publishableAttributes({ sector: '', municipality: '2480', attendance: 'remote' }, many)).toEqual({ municipality: '2480', attendance: 'remote' });
		const hidden = { sector: new Set<string>(), municipality: new Set(['2480']), attendance: new Set<string>() };
		expect(publishableAttributes({ sector: '', municipality: '2480', attendance: 'remote' }, many, hidden)).toEqual({ attendance: 'remote' });
	});

	it('every published combination is shared by at least 5 people, for every author of a random meeting', () => {
		const sectors = ['', 'municipality', 'business', 'civil_society'];
		const places = ['', '2418', '2480', '2481', '2482'];
		let seed = 7;
		const random = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648), seed % n);
		for (let round = 0; round < 50; round++) {
			const people = Array.from({ length: 10 + random(30) }, () => ({
				sector: sectors[random(sectors.length)],
				municipality: places[random(places.length)],
				attendance: random(2) ? 'on_site' : 'remote'
			}));
			const groups = people.map((p) => ({ attributes: p, participants: 1 }));
			for (const person of people) {
				const published = publishableAttributes(person, groups);
				const sharing = people.filter((p) => Object.entries(published).every(([k, v]) => p[k as keyof typeof p] === v)).length;
				expect(Object.keys(published).length === 0 || sharing >= 5).toBe(true);
			}
		}
	});
});
