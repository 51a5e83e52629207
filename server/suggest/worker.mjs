// @ts-check
// The suggestion worker: grouping hundreds of ideas takes a few hundred milliseconds of CPU, which
// would stall every meeting on the event loop. Plain JavaScript (as is the algorithm it imports),
// so that it starts the same under tsx, Vite, vitest or a bundled server, without a TS loader.
import { parentPort, workerData } from 'node:worker_threads';
import { suggestLexical } from '../../src/lib/suggest/grouping.js';

/** @typedef {import('../../src/lib/suggest/suggester.ts').SuggestInput} SuggestInput */
/** @typedef {import('../../src/lib/suggest/suggester.ts').Suggestions} Suggestions */

/** @type {string | null} */
const modelDir = workerData?.modelDir ?? null;

/** @type {Promise<{ suggest(input: SuggestInput): Promise<Suggestions> }> | null} */
let semantic = null;

/**
 * The semantic method when a model is configured and loads; the lexical method otherwise.
 * @param {SuggestInput} input
 * @returns {Promise<{ suggestions: Suggestions; warning?: string }>}
 */
async function suggest(input) {
	if (modelDir) {
		semantic ??= import('./semantic.mjs').then((m) => m.loadSemanticSuggester(modelDir));
		try {
			return { suggestions: await (await semantic).suggest(input) };
		} catch (error) {
			// A broken or missing model must not take suggestions away: fall back, and say why.
			return { suggestions: suggestLexical(input), warning: `The embedding model in ${modelDir} failed (${String(error)}); suggested with the lexical method.` };
		}
	}
	return { suggestions: suggestLexical(input) };
}

parentPort?.on('message', (/** @type {{ id: number; input: SuggestInput }} */ message) => {
	suggest(message.input).then(
		(result) => parentPort?.postMessage({ id: message.id, ok: true, ...result }),
		(error) => parentPort?.postMessage({ id: message.id, ok: false, error: String(error?.stack ?? error) })
	);
});
