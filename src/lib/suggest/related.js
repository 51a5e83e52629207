// @ts-check
// Related priorities across themes (issue 14, point 4): the groups of different meetings that are
// about the same thing, by the lexical method's similarity (TF-IDF of stems, compound parts and
// thesaurus concepts; cosine) over each group's title and ideas. Pure and fast: a process has
// tens of priorities, not hundreds.
import { characteristicTerms } from './grouping.js';
import { buildCorpus, centroid, dot } from './vectors.js';

/** Two priorities are listed as related from this similarity up. */
export const RELATED_THRESHOLD = 0.3;
/** At most this many pairs, the most similar first. */
export const MAX_RELATED = 50;

/**
 * @typedef {object} RelatedItem
 * @property {string} key identifies the item to the caller
 * @property {string} group items of one group (a meeting) are never related to each other
 * @property {string[]} texts what the item says (a group's title and each of its ideas)
 */

/**
 * Pairs of items from different groups, most similar first, each with the words they share most.
 * @param {RelatedItem[]} items
 * @param {number} [threshold]
 * @returns {{ a: string; b: string; similarity: number; terms: string[] }[]}
 */
export function relatedAcrossGroups(items, threshold = RELATED_THRESHOLD) {
	if (items.length < 2) return [];
	// Every title and idea is a text of its own (weights learnt over many short texts, as when
	// suggesting groups); an item is the centroid of its texts.
	/** @type {string[]} */
	const texts = [];
	/** @type {number[][]} */
	const members = items.map((item) => item.texts.map((text) => texts.push(text) - 1));
	const corpus = buildCorpus(texts);
	const centroids = members.map((m) => centroid(m.map((t) => corpus.vectors[t])));
	const n = items.length;
	/** @type {{ i: number; j: number; similarity: number }[]} */
	const pairs = [];
	for (let i = 0; i < n; i++) {
		for (let j = i + 1; j < n; j++) {
			if (items[i].group === items[j].group) continue;
			const similarity = dot(centroids[i], centroids[j]);
			if (similarity >= threshold) pairs.push({ i, j, similarity });
		}
	}
	pairs.sort((x, y) => y.similarity - x.similarity || x.i - y.i || x.j - y.j);
	return pairs.slice(0, MAX_RELATED).map(({ i, j, similarity }) => ({
		a: items[i].key,
		b: items[j].key,
		similarity: Math.round(similarity * 1000) / 1000,
		terms: characteristicTerms(corpus, [...members[i], ...members[j]])
	}));
}
