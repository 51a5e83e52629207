import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { relatedAcrossGroups } from './related.js';

describe('related items across groups', () => {
	const items = [
		{ key: 'a1', group: 'a', texts: ['Kollektivtrafik i inlandet', 'Fler bussar till inlandet'] },
		{ key: 'a2', group: 'a', texts: ['Kulturskola för alla', 'Kulturskola i varje kommun'] },
		{ key: 'a3', group: 'a', texts: ['Trygga bostäder', 'Fler hyresrätter i de mindre kommunerna'] },
		{ key: 'b1', group: 'b', texts: ['Resor på landsbygden', 'Bättre kollektivtrafik i glesbygden', 'Tätare turer med regionbussen'] },
		{ key: 'b2', group: 'b', texts: ['Vård nära', 'En vårdcentral i varje ort'] },
		{ key: 'b3', group: 'b', texts: ['Förnybar energi', 'Solceller på alla tak'] }
	];

	it('pairs items of different groups that say the same in other words, with the words they share, and nothing else', () => {
		const pairs = relatedAcrossGroups(items);
		expect(pairs.map((p) => [p.a, p.b])).toEqual([['a1', 'b1']]);
		expect(pairs[0].similarity).toBeGreaterThan(0);
		expect(pairs[0].terms.length).toBeGreaterThan(0);
	});

	it('never pairs two items of the same group, however alike', () => {
		const pairs = relatedAcrossGroups([
			{ key: 'x', group: 'a', texts: ['Snabbt bredband i hela länet'] },
			{ key: 'y', group: 'a', texts: ['Snabbt bredband i hela länet'] }
		]);
		expect(pairs).toEqual([]);
	});

	it('on the Swedish test set split into two themes, pairs every known group with its other half and nothing else', () => {
		const set = JSON.parse(readFileSync(new URL('./fixtures/ideas-sv.json', import.meta.url), 'utf8')) as { groups: { ideas: (string | { text: string })[] }[] };
		const halves = set.groups.flatMap((g, i) => {
			const ideas = g.ideas.map((idea) => (typeof idea === 'string' ? idea : idea.text));
			const half = Math.ceil(ideas.length / 2);
			return [
				{ key: `a${i}`, group: 'a', texts: ideas.slice(0, 6) },
				{ key: `b${i}`, group: 'b', texts: ideas.slice(half, half + 6) }
			];
		});
		const pairs = relatedAcrossGroups(halves);
		console.log(`Related across themes on the test set: ${pairs.map((p) => `${p.a}–${p.b} ${p.similarity}`).join(', ')}`);
		expect(pairs.map((p) => [p.a.slice(1), p.b.slice(1)]).every(([a, b]) => a === b)).toBe(true);
		expect(pairs).toHaveLength(set.groups.length);
	});
});
