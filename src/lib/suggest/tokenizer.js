// @ts-check
// The tokenizers of the sentence-embedding models an operator may put in SAMLA_EMBEDDING_MODEL_DIR
// (issue 14), read from the model's own files: a Hugging Face `tokenizer.json` with a WordPiece
// model (BERT family, e.g. Swedish sentence-BERT) or a Unigram model (SentencePiece: XLM-R,
// multilingual-e5), or a bare BERT `vocab.txt`. Pure: the caller reads the files.

/**
 * @typedef {object} Tokenizer
 * @property {(text: string, maxLength: number) => number[]} encode token ids of one text, special tokens included, at most maxLength
 */

/**
 * @typedef {object} Specials ids put around every text (BERT: [CLS] … [SEP]; XLM-R: <s> … </s>)
 * @property {number[]} before
 * @property {number[]} after
 */

/** @param {string} text */
function stripAccents(text) {
	return text.normalize('NFD').replace(/\p{Mn}/gu, '').normalize('NFC');
}

/**
 * BERT's basic tokenization: whitespace, then every punctuation mark a token of its own.
 * @param {string} text
 * @returns {string[]}
 */
function basicTokens(text) {
	// eslint-disable-next-line no-control-regex
	const cleaned = text.replace(/[\u0000\ufffd\p{Cc}]/gu, ' ');
	return cleaned.match(/[\p{P}\p{S}]|[^\s\p{P}\p{S}]+/gu) ?? [];
}

/**
 * @param {number[]} ids
 * @param {Specials} specials
 * @param {number} maxLength
 */
function frame(ids, specials, maxLength) {
	const room = Math.max(0, maxLength - specials.before.length - specials.after.length);
	return [...specials.before, ...ids.slice(0, room), ...specials.after];
}

/**
 * Greedy longest-match-first WordPiece, as BERT does it.
 * @param {{ vocab: Map<string, number>; unkToken: string; lowercase: boolean; stripAccents: boolean; prefix?: string; maxCharsPerWord?: number; specials: Specials }} options
 * @returns {Tokenizer}
 */
export function wordPieceTokenizer({ vocab, unkToken, lowercase, stripAccents: strip, prefix = '##', maxCharsPerWord = 100, specials }) {
	const unk = vocab.get(unkToken) ?? 0;
	return {
		encode(text, maxLength) {
			let normal = text.normalize('NFC');
			if (lowercase) normal = normal.toLowerCase();
			if (strip) normal = stripAccents(normal);
			/** @type {number[]} */
			const ids = [];
			for (const word of basicTokens(normal)) {
				const chars = [...word];
				if (chars.length > maxCharsPerWord) {
					ids.push(unk);
					continue;
				}
				/** @type {number[]} */
				const pieces = [];
				let start = 0;
				while (start < chars.length) {
					let end = chars.length;
					let found = -1;
					while (start < end) {
						const piece = (start > 0 ? prefix : '') + chars.slice(start, end).join('');
						const id = vocab.get(piece);
						if (id !== undefined) {
							found = id;
							break;
						}
						end--;
					}
					if (found < 0) break;
					pieces.push(found);
					start = end;
				}
				if (start < chars.length) ids.push(unk);
				else ids.push(...pieces);
				if (ids.length >= maxLength) break;
			}
			return frame(ids, specials, maxLength);
		}
	};
}

/**
 * SentencePiece's Unigram model: each word (after "▁" marks its start) is split into the pieces
 * whose scores (log probabilities) add up highest, by Viterbi.
 * @param {{ pieces: [string, number][]; unkId: number; lowercase?: boolean; replacement?: string; specials: Specials }} options
 * @returns {Tokenizer}
 */
export function unigramTokenizer({ pieces, unkId, lowercase = false, replacement = '▁', specials }) {
	/** @type {Map<string, { id: number; score: number }>} */
	const vocab = new Map();
	let longest = 1;
	let lowest = 0;
	pieces.forEach(([piece, score], id) => {
		if (!vocab.has(piece)) vocab.set(piece, { id, score });
		longest = Math.max(longest, [...piece].length);
		lowest = Math.min(lowest, score);
	});
	// An unknown character costs more than any known piece, as in SentencePiece.
	const unkScore = lowest - 10;
	return {
		encode(text, maxLength) {
			let normal = text.normalize('NFKC');
			if (lowercase) normal = normal.toLowerCase();
			/** @type {number[]} */
			const ids = [];
			for (const word of normal.split(/\s+/).filter(Boolean)) {
				const chars = [...(replacement + word)];
				const n = chars.length;
				const best = new Float64Array(n + 1).fill(-Infinity);
				const from = new Int32Array(n + 1).fill(-1);
				const piece = new Int32Array(n + 1).fill(-1);
				best[0] = 0;
				for (let end = 1; end <= n; end++) {
					for (let start = Math.max(0, end - longest); start < end; start++) {
						if (best[start] === -Infinity) continue;
						const entry = vocab.get(chars.slice(start, end).join(''));
						if (entry && best[start] + entry.score > best[end]) {
							best[end] = best[start] + entry.score;
							from[end] = start;
							piece[end] = entry.id;
						}
					}
					if (from[end] < 0 && best[end - 1] !== -Infinity) {
						best[end] = best[end - 1] + unkScore;
						from[end] = end - 1;
						piece[end] = unkId;
					}
				}
				/** @type {number[]} */
				const path = [];
				for (let at = n; at > 0; at = from[at]) {
					// Consecutive unknown characters are one unknown piece.
					if (!(piece[at] === unkId && path[path.length - 1] === unkId)) path.push(piece[at]);
				}
				ids.push(...path.reverse());
				if (ids.length >= maxLength) break;
			}
			return frame(ids, specials, maxLength);
		}
	};
}

/**
 * @param {unknown} value
 * @returns {Record<string, any>}
 */
function record(value) {
	return typeof value === 'object' && value !== null && !Array.isArray(value) ? /** @type {Record<string, any>} */ (value) : {};
}

/**
 * The special tokens around a text, from tokenizer.json's post-processor.
 * @param {Record<string, any>} post
 * @param {(token: string) => number | undefined} idOf
 * @returns {Specials}
 */
function specialsOf(post, idOf) {
	/** @type {Specials} */
	const none = { before: [], after: [] };
	if (post.type === 'BertProcessing' || post.type === 'RobertaProcessing') {
		return { before: [Number(post.cls?.[1])], after: [Number(post.sep?.[1])] };
	}
	if (post.type === 'TemplateProcessing' && Array.isArray(post.single)) {
		/** @type {Specials} */
		const out = { before: [], after: [] };
		let seen = false;
		for (const item of post.single) {
			if (item.Sequence) seen = true;
			else if (item.SpecialToken) {
				const token = String(item.SpecialToken.id);
				const ids = post.special_tokens?.[token]?.ids ?? [idOf(token)];
				for (const id of ids) if (typeof id === 'number') (seen ? out.after : out.before).push(id);
			}
		}
		return out;
	}
	if (post.type === 'Sequence' && Array.isArray(post.processors)) {
		for (const p of post.processors) {
			const found = specialsOf(record(p), idOf);
			if (found.before.length || found.after.length) return found;
		}
	}
	return none;
}

/**
 * @param {Record<string, any>} normalizer
 * @returns {{ lowercase: boolean; stripAccents: boolean | null }}
 */
function normalizerOf(normalizer) {
	if (normalizer.type === 'BertNormalizer') return { lowercase: normalizer.lowercase !== false, stripAccents: normalizer.strip_accents ?? null };
	if (normalizer.type === 'Lowercase') return { lowercase: true, stripAccents: false };
	if (normalizer.type === 'StripAccents') return { lowercase: false, stripAccents: true };
	if (normalizer.type === 'Sequence' && Array.isArray(normalizer.normalizers)) {
		const parts = normalizer.normalizers.map((n) => normalizerOf(record(n)));
		return { lowercase: parts.some((p) => p.lowercase), stripAccents: parts.some((p) => p.stripAccents) || null };
	}
	return { lowercase: false, stripAccents: false };
}

/**
 * A tokenizer from a model's files: `tokenizer.json` (parsed) when there is one, else `vocab.txt`
 * (a BERT vocabulary, one token a line) with `tokenizer_config.json`'s `do_lower_case` and `strip_accents`.
 * @param {{ tokenizerJson?: unknown; vocabTxt?: string; tokenizerConfig?: unknown }} files
 * @returns {Tokenizer}
 */
export function tokenizerFromFiles({ tokenizerJson, vocabTxt, tokenizerConfig }) {
	if (tokenizerJson !== undefined) {
		const json = record(tokenizerJson);
		const model = record(json.model);
		/** @type {Map<string, number>} */
		const added = new Map((Array.isArray(json.added_tokens) ? json.added_tokens : []).map((t) => [String(t.content), Number(t.id)]));
		if (model.type === 'WordPiece') {
			const vocab = new Map(Object.entries(record(model.vocab)).map(([k, v]) => [k, Number(v)]));
			const idOf = (/** @type {string} */ t) => added.get(t) ?? vocab.get(t);
			const norm = normalizerOf(record(json.normalizer));
			return wordPieceTokenizer({
				vocab,
				unkToken: String(model.unk_token ?? '[UNK]'),
				lowercase: norm.lowercase,
				stripAccents: norm.stripAccents ?? norm.lowercase,
				prefix: String(model.continuing_subword_prefix ?? '##'),
				maxCharsPerWord: Number(model.max_input_chars_per_word ?? 100),
				specials: specialsOf(record(json.post_processor), idOf)
			});
		}
		if (model.type === 'Unigram') {
			/** @type {[string, number][]} */
			const pieces = (Array.isArray(model.vocab) ? model.vocab : []).map((/** @type {[unknown, unknown]} */ [p, s]) => [String(p), Number(s)]);
			const ids = new Map(pieces.map(([p], i) => [p, i]));
			const idOf = (/** @type {string} */ t) => added.get(t) ?? ids.get(t);
			const pre = record(json.pre_tokenizer);
			const metaspace = pre.type === 'Metaspace' ? pre : record((pre.pretokenizers ?? []).find((/** @type {any} */ p) => p?.type === 'Metaspace'));
			return unigramTokenizer({
				pieces,
				unkId: Number(model.unk_id ?? 0),
				lowercase: normalizerOf(record(json.normalizer)).lowercase,
				replacement: String(metaspace.replacement ?? '▁'),
				specials: specialsOf(record(json.post_processor), idOf)
			});
		}
		throw new Error(`Unsupported tokenizer model ${String(model.type)} (WordPiece or Unigram)`);
	}
	if (vocabTxt !== undefined) {
		const vocab = new Map(
			vocabTxt
				.split('\n')
				.map((line) => line.replace(/\r$/, ''))
				.map((token, id) => [token, id])
		);
		const config = record(tokenizerConfig);
		const lowercase = config.do_lower_case !== false;
		// As Hugging Face's BertTokenizer: accents go with lower-casing unless strip_accents says otherwise.
		const stripAccents = typeof config.strip_accents === 'boolean' ? config.strip_accents : lowercase;
		const special = (/** @type {string} */ t) => (vocab.has(t) ? [/** @type {number} */ (vocab.get(t))] : []);
		return wordPieceTokenizer({ vocab, unkToken: '[UNK]', lowercase, stripAccents, specials: { before: special('[CLS]'), after: special('[SEP]') } });
	}
	throw new Error('No tokenizer: the model folder has neither tokenizer.json nor vocab.txt');
}
