// @ts-check
// Ideas as weighted term vectors (TF-IDF with a log term frequency), L2-normalised so that a dot
// product is the cosine similarity. Terms: content stems, compound parts, thesaurus concepts and
// character 4-grams of the stems (typos, compounds the vocabulary does not split).
import { analyse, compoundParts } from './text.js';

/** @typedef {Map<number, number>} Vector term id → weight */

/** How much each kind of term counts against a whole stem. */
export const TERM_WEIGHTS = { stem: 1, part: 0.6, concept: 2.5, gram: 0.1 };

/**
 * @typedef {object} Corpus
 * @property {Vector[]} vectors one per text
 * @property {string[]} terms term id → term ("s:stem", "c:concept", "g:gram")
 * @property {Float64Array} idf term id → inverse document frequency
 * @property {Map<string, string>[]} surfaces per text, stem → the word it was written as
 */

/**
 * @param {string} stem
 * @returns {string[]}
 */
function grams(stem) {
	const padded = `_${stem}_`;
	/** @type {string[]} */
	const out = [];
	for (let i = 0; i + 4 <= padded.length; i++) out.push(padded.slice(i, i + 4));
	return out;
}

/**
 * The vectors of a set of texts, weighted against each other.
 * @param {string[]} texts
 * @returns {Corpus}
 */
export function buildCorpus(texts) {
	const analysed = texts.map(analyse);
	/** @type {Set<string>} */
	const vocabulary = new Set();
	for (const a of analysed) for (const s of a.stems) if (s.length >= 4) vocabulary.add(s);

	/** @type {Map<string, number>} */
	const ids = new Map();
	/** @type {string[]} */
	const terms = [];
	/** @param {string} term */
	const idOf = (term) => {
		let id = ids.get(term);
		if (id === undefined) {
			id = terms.length;
			ids.set(term, id);
			terms.push(term);
		}
		return id;
	};

	const counts = analysed.map((a) => {
		/** @type {Map<number, number>} */
		const tf = new Map();
		/** @param {string} term @param {number} weight */
		const add = (term, weight) => {
			const id = idOf(term);
			tf.set(id, (tf.get(id) ?? 0) + weight);
		};
		for (const stem of a.stems) {
			add(`s:${stem}`, TERM_WEIGHTS.stem);
			for (const part of compoundParts(stem, vocabulary)) add(`s:${part}`, TERM_WEIGHTS.part);
			for (const gram of grams(stem)) add(`g:${gram}`, TERM_WEIGHTS.gram);
		}
		for (const concept of a.concepts) add(`c:${concept}`, TERM_WEIGHTS.concept);
		return tf;
	});

	const df = new Float64Array(terms.length);
	for (const tf of counts) for (const id of tf.keys()) df[id]++;
	const n = texts.length;
	const idf = df.map((d) => Math.log((n + 1) / (d + 0.5)));

	const vectors = counts.map((tf) => {
		/** @type {Vector} */
		const v = new Map();
		let norm = 0;
		for (const [id, weight] of tf) {
			// Log term frequency keeps a repeated word from dominating; the kind's weight scales it.
			const w = (weight >= 1 ? 1 + Math.log(weight) : weight) * idf[id];
			if (w <= 0) continue;
			v.set(id, w);
			norm += w * w;
		}
		norm = Math.sqrt(norm) || 1;
		for (const [id, w] of v) v.set(id, w / norm);
		return v;
	});
	return { vectors, terms, idf, surfaces: analysed.map((a) => a.surface) };
}

/**
 * All pairwise cosine similarities, through an inverted index.
 * @param {Vector[]} vectors
 * @returns {Float32Array} n × n
 */
export function similarityMatrix(vectors) {
	const n = vectors.length;
	const matrix = new Float32Array(n * n);
	/** @type {Map<number, { doc: number; w: number }[]>} */
	const postings = new Map();
	vectors.forEach((v, doc) => {
		for (const [id, w] of v) {
			let list = postings.get(id);
			if (!list) postings.set(id, (list = []));
			list.push({ doc, w });
		}
	});
	for (const list of postings.values()) {
		for (let x = 0; x < list.length; x++) {
			const a = list[x];
			for (let y = x + 1; y < list.length; y++) {
				const b = list[y];
				const p = a.w * b.w;
				matrix[a.doc * n + b.doc] += p;
				matrix[b.doc * n + a.doc] += p;
			}
		}
	}
	for (let i = 0; i < n; i++) matrix[i * n + i] = 1;
	return matrix;
}

/**
 * The mean of some vectors (a group's centroid), L2-normalised.
 * @param {Vector[]} vectors
 * @returns {Vector}
 */
export function centroid(vectors) {
	/** @type {Vector} */
	const sum = new Map();
	for (const v of vectors) for (const [id, w] of v) sum.set(id, (sum.get(id) ?? 0) + w);
	let norm = 0;
	for (const w of sum.values()) norm += w * w;
	norm = Math.sqrt(norm) || 1;
	for (const [id, w] of sum) sum.set(id, w / norm);
	return sum;
}

/**
 * @param {Vector} a
 * @param {Vector} b
 */
export function dot(a, b) {
	if (a.size > b.size) [a, b] = [b, a];
	let s = 0;
	for (const [id, w] of a) {
		const o = b.get(id);
		if (o !== undefined) s += w * o;
	}
	return s;
}
