// @ts-check
// The optional semantic method (issue 14): a local ONNX sentence-embedding model in the folder
// SAMLA_EMBEDDING_MODEL_DIR names, run with onnxruntime-node (installed by the operator, see
// runtime.mjs; its download step is denied: only the CPU library shipped in the npm package is
// used). Nothing is ever fetched: the model, its tokenizer and its settings are read from that folder.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { semanticOptions, suggestFromEmbeddings } from '../../src/lib/suggest/grouping.js';
import { tokenizerFromFiles } from '../../src/lib/suggest/tokenizer.js';
import { resolveEmbeddingRuntime } from './runtime.mjs';

/** @typedef {import('../../src/lib/suggest/suggester.ts').SuggestInput} SuggestInput */
/** @typedef {import('../../src/lib/suggest/suggester.ts').Suggestions} Suggestions */

/** Texts embedded per model run. */
const BATCH = 32;

/**
 * @param {string} dir
 * @param {string} name
 */
function readJson(dir, name) {
	const path = join(dir, name);
	return existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : undefined;
}

/**
 * Loads the model of `modelDir`: `model.onnx` (or `onnx/model.onnx`), its tokenizer
 * (`tokenizer.json`, or `vocab.txt` with `tokenizer_config.json`), and optionally `samla.json`
 * (`prefix` put before every text, e.g. "query: " for e5 models; `maxLength`; the thresholds).
 * @param {string} modelDir
 */
export async function loadSemanticSuggester(modelDir) {
	const modelPath = [join(modelDir, 'model.onnx'), join(modelDir, 'onnx', 'model.onnx')].find((p) => existsSync(p));
	if (!modelPath) throw new Error(`No model.onnx in ${modelDir}`);
	const vocabPath = join(modelDir, 'vocab.txt');
	const tokenizer = tokenizerFromFiles({
		tokenizerJson: readJson(modelDir, 'tokenizer.json'),
		vocabTxt: existsSync(vocabPath) ? readFileSync(vocabPath, 'utf8') : undefined,
		tokenizerConfig: readJson(modelDir, 'tokenizer_config.json')
	});
	const settings = readJson(modelDir, 'samla.json') ?? {};
	const prefix = typeof settings.prefix === 'string' ? settings.prefix : '';
	const maxLength = Number.isInteger(settings.maxLength) ? settings.maxLength : 128;
	const options = semanticOptions(settings);

	// Not part of a production install: imported only here, so that Samla runs without it.
	const runtime = resolveEmbeddingRuntime(modelDir);
	if (!runtime) throw new Error(`onnxruntime-node is not installed, neither in ${modelDir} nor in Samla's node_modules`);
	/** @type {typeof import('onnxruntime-node')} */
	const ort = await import(pathToFileURL(runtime).href);
	const session = await ort.InferenceSession.create(modelPath, { intraOpNumThreads: 1, interOpNumThreads: 1 });
	const output = ['sentence_embedding', 'last_hidden_state', 'token_embeddings'].find((name) => session.outputNames.includes(name)) ?? session.outputNames[0];

	/**
	 * One L2-normalised embedding per text: the model's pooled output, or the mean of its token
	 * vectors over the real (unpadded) tokens.
	 * @param {string[]} texts
	 * @returns {Promise<Float32Array[]>}
	 */
	async function embed(texts) {
		/** @type {Float32Array[]} */
		const out = [];
		for (let start = 0; start < texts.length; start += BATCH) {
			const batch = texts.slice(start, start + BATCH).map((t) => tokenizer.encode(prefix + t, maxLength));
			const width = Math.max(1, ...batch.map((ids) => ids.length));
			const ids = new BigInt64Array(batch.length * width);
			const mask = new BigInt64Array(batch.length * width);
			batch.forEach((row, r) =>
				row.forEach((id, c) => {
					ids[r * width + c] = BigInt(id);
					mask[r * width + c] = 1n;
				})
			);
			const dims = [batch.length, width];
			/** @type {Record<string, import('onnxruntime-node').Tensor>} */
			const feeds = {};
			for (const name of session.inputNames) {
				if (name === 'input_ids') feeds[name] = new ort.Tensor('int64', ids, dims);
				else if (name === 'attention_mask') feeds[name] = new ort.Tensor('int64', mask, dims);
				else if (name === 'token_type_ids') feeds[name] = new ort.Tensor('int64', new BigInt64Array(ids.length), dims);
				else throw new Error(`The model asks for an input Samla does not know: ${name}`);
			}
			const result = (await session.run(feeds))[output];
			const data = /** @type {Float32Array} */ (result.data);
			if (result.dims.length === 2) {
				const size = Number(result.dims[1]);
				for (let r = 0; r < batch.length; r++) out.push(normalise(data.slice(r * size, (r + 1) * size)));
			} else {
				const size = Number(result.dims[2]);
				const seq = Number(result.dims[1]);
				for (let r = 0; r < batch.length; r++) {
					const sum = new Float32Array(size);
					const tokens = Math.min(batch[r].length, seq);
					for (let c = 0; c < tokens; c++) {
						const at = (r * seq + c) * size;
						for (let d = 0; d < size; d++) sum[d] += data[at + d];
					}
					for (let d = 0; d < size; d++) sum[d] /= tokens || 1;
					out.push(normalise(sum));
				}
			}
		}
		return out;
	}

	return {
		name: 'semantic',
		embed,
		/**
		 * @param {SuggestInput} input
		 * @returns {Promise<Suggestions>}
		 */
		async suggest(input) {
			return suggestFromEmbeddings(input, embed, options);
		},
		async close() {
			await session.release();
		}
	};
}

/** @param {Float32Array} v */
function normalise(v) {
	let norm = 0;
	for (const x of v) norm += x * x;
	norm = Math.sqrt(norm) || 1;
	for (let i = 0; i < v.length; i++) v[i] /= norm;
	return v;
}
