import { describe, expect, it } from 'vitest';
import { tokenizerFromFiles, unigramTokenizer, wordPieceTokenizer } from './tokenizer.js';

describe('the WordPiece tokenizer', () => {
	const vocab = new Map(['[PAD]', '[UNK]', '[CLS]', '[SEP]', 'fler', 'buss', '##ar', 'till', 'inland', '##et', ','].map((t, i) => [t, i]));
	const tokenizer = wordPieceTokenizer({ vocab, unkToken: '[UNK]', lowercase: true, stripAccents: false, specials: { before: [2], after: [3] } });

	it('splits words greedily into the longest pieces it knows, between [CLS] and [SEP]', () => {
		expect(tokenizer.encode('Fler bussar till inlandet', 64)).toEqual([2, 4, 5, 6, 7, 8, 9, 3]);
	});

	it('makes a word it cannot spell out one [UNK], and punctuation a token of its own', () => {
		expect(tokenizer.encode('bussar, cyklar', 64)).toEqual([2, 5, 6, 10, 1, 3]);
	});

	it('keeps the special tokens when it cuts a long text to the length asked', () => {
		expect(tokenizer.encode('fler fler fler fler fler', 4)).toEqual([2, 4, 4, 3]);
	});

	it('reads a BERT vocab.txt, lower-casing and stripping accents unless the config keeps them', () => {
		const vocabTxt = '[PAD]\n[UNK]\n[CLS]\n[SEP]\nhalsa\nhälsa\n';
		expect(tokenizerFromFiles({ vocabTxt }).encode('Hälsa', 16)).toEqual([2, 4, 3]);
		expect(tokenizerFromFiles({ vocabTxt, tokenizerConfig: { do_lower_case: true, strip_accents: false } }).encode('Hälsa', 16)).toEqual([2, 5, 3]);
	});
});

describe('the Unigram (SentencePiece) tokenizer', () => {
	const pieces: [string, number][] = [
		['<s>', 0],
		['<pad>', 0],
		['</s>', 0],
		['<unk>', 0],
		['▁buss', -2],
		['ar', -2],
		['▁bussar', -3],
		['▁b', -6],
		['u', -6],
		['s', -6],
		['a', -6],
		['r', -6]
	];

	it('takes the split whose pieces score highest, and one <unk> for a run of unknown characters', () => {
		const tokenizer = unigramTokenizer({ pieces, unkId: 3, specials: { before: [0], after: [2] } });
		expect(tokenizer.encode('bussar', 16)).toEqual([0, 6, 2]);
		expect(tokenizer.encode('bussxyz', 16)).toEqual([0, 4, 3, 2]);
	});

	it('reads tokenizer.json with its Metaspace pre-tokenizer and its template of special tokens', () => {
		const tokenizerJson = {
			added_tokens: [
				{ id: 0, content: '<s>' },
				{ id: 2, content: '</s>' }
			],
			normalizer: null,
			pre_tokenizer: { type: 'Metaspace', replacement: '▁' },
			post_processor: {
				type: 'TemplateProcessing',
				single: [{ SpecialToken: { id: '<s>' } }, { Sequence: { id: 'A' } }, { SpecialToken: { id: '</s>' } }],
				special_tokens: { '<s>': { ids: [0] }, '</s>': { ids: [2] } }
			},
			model: { type: 'Unigram', unk_id: 3, vocab: pieces }
		};
		expect(tokenizerFromFiles({ tokenizerJson }).encode('buss bussar', 16)).toEqual([0, 4, 6, 2]);
	});

	it('refuses a tokenizer model it does not know, rather than guessing', () => {
		expect(() => tokenizerFromFiles({ tokenizerJson: { model: { type: 'BPE' } } })).toThrow(/Unsupported/);
	});
});
