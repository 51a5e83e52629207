// @ts-check
// Duplicate hints: ideas that say (nearly) the same thing. Two measures, like Decidim's similar
// proposals and pg_trgm: trigram similarity of the whole text (typos, small additions) and the
// overlap of stemmed content words, where a word with a typo still counts as the same word.
import { analyse } from './text.js';

/** @typedef {import('./suggester.ts').SuggestIdea} SuggestIdea */
/** @typedef {import('./suggester.ts').DuplicateHint} DuplicateHint */

/** A hint is given from this combined similarity up. */
export const DUPLICATE_THRESHOLD = 0.55;

/**
 * The trigrams of a text the way pg_trgm takes them: per word, padded with two spaces in front and
 * one behind.
 * @param {string[]} words
 * @param {Map<string, number>} ids trigram → number, shared by all texts compared
 * @returns {Int32Array} sorted, distinct trigram numbers
 */
function trigramSet(words, ids) {
	/** @type {Set<number>} */
	const set = new Set();
	for (const word of words) {
		const padded = `  ${word} `;
		for (let i = 0; i + 3 <= padded.length; i++) {
			const gram = padded.slice(i, i + 3);
			let id = ids.get(gram);
			if (id === undefined) ids.set(gram, (id = ids.size));
			set.add(id);
		}
	}
	return Int32Array.from(set).sort();
}

/**
 * |a ∩ b| / |a ∪ b| of two sorted sets.
 * @param {Int32Array} a
 * @param {Int32Array} b
 */
export function jaccard(a, b) {
	if (!a.length || !b.length) return 0;
	let i = 0;
	let j = 0;
	let both = 0;
	while (i < a.length && j < b.length) {
		if (a[i] === b[j]) {
			both++;
			i++;
			j++;
		} else if (a[i] < b[j]) i++;
		else j++;
	}
	return both / (a.length + b.length - both);
}

/**
 * @typedef {object} Fingerprint
 * @property {Int32Array} trigrams of the whole text
 * @property {Int32Array[]} stemTrigrams per content stem
 * @property {string[]} stems distinct content stems
 */

/**
 * What duplicate detection compares of each idea.
 * @param {string} text
 * @param {Map<string, number>} ids
 * @returns {Fingerprint}
 */
export function fingerprint(text, ids) {
	const analysed = analyse(text);
	const stems = [...new Set(analysed.stems)];
	return { trigrams: trigramSet(analysed.words, ids), stems, stemTrigrams: stems.map((s) => trigramSet([s], ids)) };
}

/**
 * Overlap of content words, where two stems count as one word when equal or when their trigrams
 * are alike (a typo): matched / (|a| + |b| − matched).
 * @param {Fingerprint} a
 * @param {Fingerprint} b
 */
function wordOverlap(a, b) {
	if (!a.stems.length || !b.stems.length) return 0;
	const used = new Uint8Array(b.stems.length);
	let matched = 0;
	for (let i = 0; i < a.stems.length; i++) {
		for (let j = 0; j < b.stems.length; j++) {
			if (used[j]) continue;
			if (a.stems[i] === b.stems[j] || jaccard(a.stemTrigrams[i], b.stemTrigrams[j]) >= 0.5) {
				used[j] = 1;
				matched++;
				break;
			}
		}
	}
	return matched / (a.stems.length + b.stems.length - matched);
}

/**
 * How much two ideas say the same: the mean of trigram and word-overlap similarity, 0…1.
 * @param {Fingerprint} a
 * @param {Fingerprint} b
 */
export function duplicateSimilarity(a, b) {
	const trigram = jaccard(a.trigrams, b.trigrams);
	// Cheap exit: texts that share few trigrams cannot reach the threshold.
	if (trigram < 0.25) return trigram;
	return (trigram + wordOverlap(a, b)) / 2;
}

/**
 * For each idea, the earlier idea it (nearly) repeats, if any: the most similar one at or above
 * `threshold`; "earlier" by `createdAt`, else by the order given.
 * @param {SuggestIdea[]} unordered
 * @param {number} [threshold]
 * @returns {DuplicateHint[]}
 */
export function findDuplicates(unordered, threshold = DUPLICATE_THRESHOLD) {
	// Stable: ideas without a time keep the order they came in.
	const ideas = [...unordered].sort((a, b) => (a.createdAt ?? 0) - (b.createdAt ?? 0));
	/** @type {Map<string, number>} */
	const ids = new Map();
	const prints = ideas.map((idea) => fingerprint(idea.text, ids));
	/** @type {DuplicateHint[]} */
	const hints = [];
	for (let i = 1; i < ideas.length; i++) {
		let best = -1;
		let bestSimilarity = threshold;
		for (let j = 0; j < i; j++) {
			const similarity = duplicateSimilarity(prints[i], prints[j]);
			if (similarity >= bestSimilarity) {
				best = j;
				bestSimilarity = similarity;
			}
		}
		if (best >= 0) hints.push({ noteId: ideas[i].id, duplicateOfId: ideas[best].id, similarity: round(bestSimilarity) });
	}
	return hints;
}

/** @param {number} x */
function round(x) {
	return Math.round(x * 1000) / 1000;
}
