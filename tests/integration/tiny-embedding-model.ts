import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

// A tiny sentence-embedding model written as ONNX protobuf by hand (issue 14): no npm package ships
// embedding weights and nothing may be downloaded, so tests and the bench make their own. The graph
// is what a real BERT-style export looks like from outside: inputs `input_ids` and
// `attention_mask` (int64, [batch, sequence]), output `last_hidden_state` ([batch, sequence, dim]):
// each token's row of an embedding table (Gather), zeroed where the mask is 0. Samla mean-pools it.

// --- protobuf wire format, just what ONNX needs ---

function varint(value: number | bigint): number[] {
	let v = BigInt(value);
	if (v < 0n) v += 1n << 64n;
	const out: number[] = [];
	do {
		let byte = Number(v & 0x7fn);
		v >>= 7n;
		if (v) byte |= 0x80;
		out.push(byte);
	} while (v);
	return out;
}
const key = (field: number, wire: number) => varint((field << 3) | wire);
const int = (field: number, value: number | bigint) => [...key(field, 0), ...varint(value)];
const bytes = (field: number, data: Uint8Array | number[]) => [...key(field, 2), ...varint(data.length), ...data];
const str = (field: number, text: string) => bytes(field, new TextEncoder().encode(text));
const message = (field: number, parts: number[][]) => bytes(field, parts.flat());

const FLOAT = 1;
const INT64 = 7;

function tensorType(elemType: number, dims: (number | string)[]): number[][] {
	const shape = dims.map((d) => message(1, [typeof d === 'number' ? int(1, d) : str(2, d)]));
	return [message(1, [int(1, elemType), message(2, shape)])];
}
const valueInfo = (field: number, name: string, elemType: number, dims: (number | string)[]) => message(field, [str(1, name), message(2, tensorType(elemType, dims))]);
const node = (op: string, inputs: string[], outputs: string[], attributes: number[][] = []) =>
	message(1, [...inputs.map((i) => str(1, i)), ...outputs.map((o) => str(2, o)), str(3, `${op}_${outputs[0]}`), str(4, op), ...attributes]);
const intAttribute = (name: string, value: number) => message(5, [str(1, name), int(3, value), int(20, 2)]);

function tensor(name: string, dims: number[], dataType: number, raw: Uint8Array): number[] {
	return message(5, [...dims.map((d) => int(1, d)), int(2, dataType), str(8, name), bytes(9, raw)]);
}

/** The ONNX bytes of the model: an embedding table (one row per vocabulary entry) looked up per token. */
export function tinyEmbeddingOnnx(table: number[][]): Uint8Array {
	const dim = table[0].length;
	const weights = new Float32Array(table.flat());
	const axes = new BigInt64Array([2n]);
	const graph = [
		node('Gather', ['embeddings', 'input_ids'], ['token_vectors']),
		node('Cast', ['attention_mask'], ['mask_float'], [intAttribute('to', FLOAT)]),
		node('Unsqueeze', ['mask_float', 'mask_axes'], ['mask_3d']),
		node('Mul', ['token_vectors', 'mask_3d'], ['last_hidden_state']),
		str(2, 'tiny-embedding'),
		tensor('embeddings', [table.length, dim], FLOAT, new Uint8Array(weights.buffer)),
		tensor('mask_axes', [1], INT64, new Uint8Array(axes.buffer)),
		valueInfo(11, 'input_ids', INT64, ['batch', 'sequence']),
		valueInfo(11, 'attention_mask', INT64, ['batch', 'sequence']),
		valueInfo(12, 'last_hidden_state', FLOAT, ['batch', 'sequence', dim])
	];
	const model = [int(1, 8), str(2, 'samla-tests'), message(7, graph), message(8, [str(1, ''), int(2, 13)])];
	return Uint8Array.from(model.flat());
}

/** BERT's special tokens, first in the vocabulary; their rows are zero. */
const SPECIALS = ['[PAD]', '[UNK]', '[CLS]', '[SEP]'];

/**
 * Writes a model folder as an operator would provide one: `model.onnx` and a BERT `vocab.txt`
 * (lower-casing WordPiece that keeps å, ä and ö). `vectors` gives each word its embedding; words not in it are [UNK].
 */
export function writeTinyEmbeddingModel(dir: string, vectors: Map<string, number[]>): string {
	mkdirSync(dir, { recursive: true });
	const dim = [...vectors.values()][0].length;
	const words = [...vectors.keys()];
	const table = [...SPECIALS.map(() => new Array<number>(dim).fill(0)), ...words.map((w) => vectors.get(w)!)];
	writeFileSync(join(dir, 'model.onnx'), tinyEmbeddingOnnx(table));
	writeFileSync(join(dir, 'vocab.txt'), [...SPECIALS, ...words].join('\n') + '\n');
	writeFileSync(join(dir, 'tokenizer_config.json'), JSON.stringify({ do_lower_case: true, strip_accents: false }));
	return dir;
}

/**
 * A model that knows topics: every word listed under a topic gets that topic's direction (plus a
 * little of its own, so words are not identical), so ideas on one topic embed close together
 * whether or not they share a word.
 */
export function topicModel(dir: string, topics: Record<string, string[]>): string {
	const names = Object.keys(topics);
	const dim = names.length + 8;
	const vectors = new Map<string, number[]>();
	names.forEach((topic, t) => {
		topics[topic].forEach((word, w) => {
			const v = new Array<number>(dim).fill(0);
			v[t] = 1;
			v[names.length + ((t + w) % 8)] = 0.2;
			vectors.set(word, v);
		});
	});
	return writeTinyEmbeddingModel(dir, vectors);
}

/** A model over a vocabulary with a pseudo-random vector per word (deterministic): for timing. */
export function randomModel(dir: string, words: Iterable<string>, dim = 64): string {
	const vectors = new Map<string, number[]>();
	for (const word of words) {
		let seed = 2166136261;
		for (const ch of word) seed = Math.imul(seed ^ ch.codePointAt(0)!, 16777619) >>> 0;
		vectors.set(
			word,
			Array.from({ length: dim }, () => {
				seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
				return seed / 2 ** 32 - 0.5;
			})
		);
	}
	return writeTinyEmbeddingModel(dir, vectors);
}
