import { describe, expect, it } from 'vitest';
import { suggestLexical } from './grouping.js';
import { score, testIdeas } from './test-set';

describe('the lexical method on the Swedish test set', () => {
	const { ideas, duplicatePairs } = testIdeas();
	const suggestions = suggestLexical({ ideas, groups: [] });
	const scores = score(ideas, duplicatePairs, suggestions);
	console.log(
		`Swedish test set: ${ideas.length} ideas, 12 known groups, ${duplicatePairs.length} planted duplicates → ` +
			`ARI ${scores.ari.toFixed(3)} (${scores.groups} suggested groups, ${scores.leftovers} ideas left over), ` +
			`duplicate recall ${(scores.duplicateRecall * 100).toFixed(0)} %, false hints ${(scores.falseHintRate * 100).toFixed(0)} % of ${scores.hints}`
	);

	it('groups the ideas close to the known groups (adjusted Rand index at least 0.5)', () => {
		expect(ideas.length).toBeGreaterThanOrEqual(200);
		expect(scores.ari).toBeGreaterThanOrEqual(0.5);
	});

	it('hints at nine in ten planted near-duplicates or more, with at most one false hint in ten', () => {
		expect(scores.duplicateRecall).toBeGreaterThanOrEqual(0.9);
		expect(scores.falseHintRate).toBeLessThanOrEqual(0.1);
	});

	it('puts every idea in exactly one suggested group', () => {
		const ids = suggestions.groups.flatMap((g) => g.noteIds);
		expect(ids.sort()).toEqual(ideas.map((i) => i.id).sort());
	});

	it('names each group by words its ideas use, and picks a central idea from the group', () => {
		for (const group of suggestions.groups.filter((g) => !g.leftover)) {
			expect(group.noteIds).toContain(group.centralNoteId);
			expect(group.terms.length).toBeGreaterThan(0);
			const texts = group.noteIds.map((id) => ideas.find((i) => i.id === id)!.text.toLowerCase()).join(' ');
			for (const term of group.terms) expect(texts).toContain(term);
			expect(group.title.toLowerCase()).toContain(group.terms[0]);
		}
	});

	it('hints that the later of two near-identical ideas repeats the earlier', () => {
		const hint = suggestions.duplicates.find((d) => d.noteId === 'trygghet-5' || d.duplicateOfId === 'trygghet-5');
		const original = ideas.find((i) => i.id === 'trygghet-0')!;
		const copy = ideas.find((i) => i.id === 'trygghet-5')!;
		const [later, earlier] = original.createdAt! > copy.createdAt! ? [original, copy] : [copy, original];
		expect(hint).toMatchObject({ noteId: later.id, duplicateOfId: earlier.id });
	});
});

describe('suggestions with groups on the board', () => {
	it('assigns an idea to the existing group it fits and groups the rest', () => {
		const suggestions = suggestLexical({
			ideas: [
				{ id: 'a', text: 'Fler bussar till byarna på kvällen' },
				{ id: 'b', text: 'Solceller på skolornas tak' },
				{ id: 'c', text: 'Vindkraft med lokal nytta' },
				{ id: 'd', text: 'Laddstolpar för elbilar vid affären' }
			],
			groups: [
				{
					id: 'transport',
					title: 'Kollektivtrafik',
					ideas: [
						{ id: 'x', text: 'Tätare bussturer i inlandet' },
						{ id: 'y', text: 'Pendeltåg till Umeå' }
					]
				}
			]
		});
		expect(suggestions.assignments).toEqual([expect.objectContaining({ noteId: 'a', clusterId: 'transport' })]);
		const grouped = suggestions.groups.flatMap((g) => g.noteIds);
		expect(grouped.sort()).toEqual(['b', 'c', 'd']);
		expect(grouped).not.toContain('x');
	});

	it('suggests nothing for no ideas', () => {
		expect(suggestLexical({ ideas: [], groups: [] })).toEqual({ method: 'lexical', groups: [], assignments: [], duplicates: [] });
	});
});
