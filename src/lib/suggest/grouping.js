// @ts-check
// From a similarity matrix over ideas to suggestions: assign unclustered ideas to existing groups
// where they fit, cluster the rest (average linkage with a threshold), name each group by its
// characteristic words, and find the idea most like the rest. Shared by every method: a method
// only decides how similar two ideas are.
import { averageLinkage } from './cluster.js';
import { findDuplicates } from './duplicates.js';
import { buildCorpus, similarityMatrix } from './vectors.js';

/** @typedef {import('./suggester.ts').SuggestInput} SuggestInput */
/** @typedef {import('./suggester.ts').Suggestions} Suggestions */
/** @typedef {import('./suggester.ts').SuggestedGroup} SuggestedGroup */
/** @typedef {import('./suggester.ts').Assignment} Assignment */
/** @typedef {import('./vectors.js').Corpus} Corpus */

/**
 * @typedef {object} GroupingOptions
 * @property {number} groupThreshold least average similarity within a suggested group
 * @property {number} assignThreshold least average similarity of an idea to an existing group's ideas
 * @property {number} attachThreshold an idea left alone joins the group it is most like from here
 */

/** @type {GroupingOptions} */
export const LEXICAL_OPTIONS = { groupThreshold: 0.12, assignThreshold: 0.14, attachThreshold: 0.05 };

/**
 * The texts a method compares, in one order: unclustered ideas, then each existing group's ideas,
 * then each existing group's title.
 * @param {SuggestInput} input
 */
export function layout(input) {
	const texts = input.ideas.map((i) => i.text);
	/** @type {number[][]} */
	const groupMembers = [];
	for (const group of input.groups) {
		const members = [];
		for (const idea of group.ideas) {
			members.push(texts.length);
			texts.push(idea.text);
		}
		groupMembers.push(members);
	}
	for (let g = 0; g < input.groups.length; g++) {
		if (input.groups[g].title.trim()) {
			groupMembers[g].push(texts.length);
			texts.push(input.groups[g].title);
		}
	}
	return { texts, groupMembers };
}

/**
 * @param {Float32Array} matrix
 * @param {number} n size of the matrix
 * @param {number} i
 * @param {number[]} others
 */
function meanSimilarity(matrix, n, i, others) {
	let s = 0;
	let count = 0;
	for (const j of others) {
		if (j === i) continue;
		s += matrix[i * n + j];
		count++;
	}
	return count ? s / count : 0;
}

/**
 * @param {Float32Array} matrix
 * @param {number} n
 * @param {number[]} rows
 */
function subMatrix(matrix, n, rows) {
	const m = rows.length;
	const out = new Float32Array(m * m);
	for (let x = 0; x < m; x++) for (let y = 0; y < m; y++) out[x * m + y] = matrix[rows[x] * n + rows[y]];
	return out;
}

/**
 * A group's characteristic words: stems weighted by how much of the group uses them and how rare
 * they are elsewhere; each shown as the word most often written for it.
 * @param {Corpus} corpus
 * @param {number[]} members
 * @returns {string[]}
 */
export function characteristicTerms(corpus, members) {
	/** @type {Map<number, number>} */
	const score = new Map();
	for (const i of members) {
		for (const [id, w] of corpus.vectors[i]) {
			if (!corpus.terms[id].startsWith('s:')) continue;
			score.set(id, (score.get(id) ?? 0) + w);
		}
	}
	return [...score]
		.sort((a, b) => b[1] - a[1] || corpus.terms[a[0]].localeCompare(corpus.terms[b[0]]))
		.slice(0, 3)
		.map(([id]) => {
			const stem = corpus.terms[id].slice(2);
			/** @type {Map<string, number>} */
			const written = new Map();
			for (const i of members) {
				const word = corpus.surfaces[i].get(stem);
				if (word) written.set(word, (written.get(word) ?? 0) + 1);
			}
			return [...written].sort((a, b) => b[1] - a[1] || a[0].length - b[0].length)[0]?.[0] ?? stem;
		});
}

/** @param {string[]} terms */
function titleOf(terms) {
	const title = terms.slice(0, 2).join(', ');
	return title.charAt(0).toUpperCase() + title.slice(1);
}

/** @param {number} x */
const round = (x) => Math.round(x * 1000) / 1000;

/**
 * Suggestions from a similarity matrix over `layout(input).texts`.
 * @param {SuggestInput} input
 * @param {Float32Array} matrix
 * @param {Corpus} corpus built from the same texts (for titles)
 * @param {GroupingOptions} options
 * @param {string} method
 * @returns {Suggestions}
 */
export function suggestFromMatrix(input, matrix, corpus, options, method) {
	const { texts, groupMembers } = layout(input);
	const n = texts.length;
	const ideaCount = input.ideas.length;

	/** @type {Assignment[]} */
	const assignments = [];
	/** @type {number[]} */
	const open = [];
	for (let i = 0; i < ideaCount; i++) {
		let bestGroup = -1;
		let bestSimilarity = options.assignThreshold;
		groupMembers.forEach((members, g) => {
			const s = meanSimilarity(matrix, n, i, members);
			if (s >= bestSimilarity) {
				bestSimilarity = s;
				bestGroup = g;
			}
		});
		if (bestGroup >= 0) assignments.push({ noteId: input.ideas[i].id, clusterId: input.groups[bestGroup].id, similarity: round(bestSimilarity) });
		else open.push(i);
	}

	const local = subMatrix(matrix, n, open);
	const clusters = averageLinkage(local, open.length, options.groupThreshold).map((c) => c.map((x) => open[x]));
	const groups = clusters.filter((c) => c.length > 1);
	/** @type {number[]} */
	const leftovers = [];
	for (const [single] of clusters.filter((c) => c.length === 1)) {
		let best = -1;
		let bestSimilarity = options.attachThreshold;
		groups.forEach((members, g) => {
			const s = meanSimilarity(matrix, n, single, members);
			if (s >= bestSimilarity) {
				bestSimilarity = s;
				best = g;
			}
		});
		if (best >= 0) groups[best].push(single);
		else leftovers.push(single);
	}
	groups.sort((a, b) => b.length - a.length || a[0] - b[0]);

	/** @type {SuggestedGroup[]} */
	const suggested = groups.map((members) => {
		members.sort((a, b) => a - b);
		const central = members.reduce((best, i) => (meanSimilarity(matrix, n, i, members) > meanSimilarity(matrix, n, best, members) ? i : best), members[0]);
		const terms = characteristicTerms(corpus, members);
		return { noteIds: members.map((i) => input.ideas[i].id), title: titleOf(terms), terms, centralNoteId: input.ideas[central].id, leftover: false };
	});
	if (leftovers.length) {
		suggested.push({ noteIds: leftovers.map((i) => input.ideas[i].id), title: '', terms: [], centralNoteId: input.ideas[leftovers[0]].id, leftover: true });
	}

	const everyIdea = [...input.ideas, ...input.groups.flatMap((g) => g.ideas)];
	return { method, groups: suggested, assignments, duplicates: findDuplicates(everyIdea) };
}

/**
 * The lexical method: TF-IDF vectors of stems, compound parts, thesaurus concepts and 4-grams.
 * @param {SuggestInput} input
 * @param {GroupingOptions} [options]
 * @returns {Suggestions}
 */
export function suggestLexical(input, options = LEXICAL_OPTIONS) {
	const { texts } = layout(input);
	const corpus = buildCorpus(texts);
	return suggestFromMatrix(input, similarityMatrix(corpus.vectors), corpus, options, 'lexical');
}

/**
 * The semantic method's thresholds: cosine similarities of sentence embeddings run higher than
 * lexical ones; a model's `samla.json` may set its own.
 * @param {Record<string, unknown>} [settings]
 * @returns {GroupingOptions}
 */
export function semanticOptions(settings = {}) {
	/** @param {string} key @param {number} fallback */
	const pick = (key, fallback) => {
		const v = settings[key];
		return typeof v === 'number' && v >= -1 && v <= 1 ? v : fallback;
	};
	return { groupThreshold: pick('groupThreshold', 0.5), assignThreshold: pick('assignThreshold', 0.55), attachThreshold: pick('attachThreshold', 0.3) };
}

/**
 * All pairwise cosine similarities of L2-normalised embeddings.
 * @param {Float32Array[]} embeddings
 * @returns {Float32Array} n × n
 */
export function cosineMatrix(embeddings) {
	const n = embeddings.length;
	const matrix = new Float32Array(n * n);
	for (let i = 0; i < n; i++) {
		matrix[i * n + i] = 1;
		const a = embeddings[i];
		for (let j = i + 1; j < n; j++) {
			const b = embeddings[j];
			let s = 0;
			for (let d = 0; d < a.length; d++) s += a[d] * b[d];
			matrix[i * n + j] = s;
			matrix[j * n + i] = s;
		}
	}
	return matrix;
}

/**
 * The semantic method: ideas are as similar as their sentence embeddings (cosine); grouping,
 * titles (characteristic words) and duplicate hints are the lexical method's.
 * @param {SuggestInput} input
 * @param {(texts: string[]) => Promise<Float32Array[]>} embed one L2-normalised vector per text
 * @param {GroupingOptions} options
 * @returns {Promise<Suggestions>}
 */
export async function suggestFromEmbeddings(input, embed, options) {
	const { texts } = layout(input);
	const matrix = cosineMatrix(await embed(texts));
	return suggestFromMatrix(input, matrix, buildCorpus(texts), options, 'semantic');
}
