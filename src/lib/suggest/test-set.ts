import testSet from './fixtures/ideas-sv.json' with { type: 'json' };
import type { SuggestIdea, Suggestions } from './suggester';

// The Swedish test set (fixtures/ideas-sv.json) as ideas with known groups and planted duplicates,
// and the scores of a method's suggestions against them. Used by the tests and `npm run bench`.

export interface LabelledIdea extends SuggestIdea {
	group: string;
	kind: string;
}

interface RawIdea {
	text: string;
	kind?: string;
	duplicateOf?: number;
}

/** Every idea of the test set, in an arrival order that mixes the groups (deterministic). */
export function testIdeas(): { ideas: LabelledIdea[]; duplicatePairs: [string, string][] } {
	const ideas: LabelledIdea[] = [];
	const duplicatePairs: [string, string][] = [];
	for (const group of testSet.groups) {
		group.ideas.forEach((raw: string | RawIdea, index) => {
			const idea = typeof raw === 'string' ? { text: raw } : raw;
			const id = `${group.key}-${index}`;
			ideas.push({ id, text: idea.text, group: group.key, kind: idea.kind ?? 'plain' });
			if (idea.duplicateOf !== undefined) duplicatePairs.push([id, `${group.key}-${idea.duplicateOf}`]);
		});
	}
	// A fixed pseudo-random order (a linear congruential generator), as ideas arrive in a meeting.
	let seed = 14;
	const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
	for (let i = ideas.length - 1; i > 0; i--) {
		const j = Math.floor(random() * (i + 1));
		[ideas[i], ideas[j]] = [ideas[j], ideas[i]];
	}
	ideas.forEach((idea, i) => (idea.createdAt = i));
	return { ideas, duplicatePairs };
}

/** The adjusted Rand index of two labellings of the same items (1 = identical, ~0 = chance). */
export function adjustedRandIndex(truth: string[], predicted: string[]): number {
	const choose2 = (x: number) => (x * (x - 1)) / 2;
	const table = new Map<string, number>();
	const rows = new Map<string, number>();
	const cols = new Map<string, number>();
	truth.forEach((t, i) => {
		const p = predicted[i];
		table.set(`${t}\u0000${p}`, (table.get(`${t}\u0000${p}`) ?? 0) + 1);
		rows.set(t, (rows.get(t) ?? 0) + 1);
		cols.set(p, (cols.get(p) ?? 0) + 1);
	});
	const index = [...table.values()].reduce((s, x) => s + choose2(x), 0);
	const a = [...rows.values()].reduce((s, x) => s + choose2(x), 0);
	const b = [...cols.values()].reduce((s, x) => s + choose2(x), 0);
	const expected = (a * b) / choose2(truth.length);
	const max = (a + b) / 2;
	return max === expected ? 1 : (index - expected) / (max - expected);
}

export interface Scores {
	ari: number;
	groups: number;
	leftovers: number;
	duplicateRecall: number;
	falseHintRate: number;
	hints: number;
}

/**
 * Scores suggestions made for all test ideas at once (no existing groups). Leftover ideas count as
 * groups of their own.
 */
export function score(ideas: LabelledIdea[], duplicatePairs: [string, string][], suggestions: Suggestions): Scores {
	const label = new Map<string, string>();
	suggestions.groups.forEach((g, n) => g.noteIds.forEach((id) => label.set(id, g.leftover ? `alone-${id}` : `group-${n}`)));
	const ari = adjustedRandIndex(
		ideas.map((i) => i.group),
		ideas.map((i) => label.get(i.id) ?? `alone-${i.id}`)
	);
	const planted = new Set(duplicatePairs.flatMap(([a, b]) => [`${a}|${b}`, `${b}|${a}`]));
	const hinted = new Set(suggestions.duplicates.map((d) => `${d.noteId}|${d.duplicateOfId}`));
	const found = duplicatePairs.filter(([a, b]) => hinted.has(`${a}|${b}`) || hinted.has(`${b}|${a}`)).length;
	const falseHints = suggestions.duplicates.filter((d) => !planted.has(`${d.noteId}|${d.duplicateOfId}`)).length;
	return {
		ari,
		groups: suggestions.groups.filter((g) => !g.leftover).length,
		leftovers: suggestions.groups.find((g) => g.leftover)?.noteIds.length ?? 0,
		duplicateRecall: found / duplicatePairs.length,
		falseHintRate: suggestions.duplicates.length ? falseHints / suggestions.duplicates.length : 0,
		hints: suggestions.duplicates.length
	};
}
