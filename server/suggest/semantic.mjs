// @ts-check
// The optional semantic method: filled in by the next step (a local ONNX sentence-embedding model).

/**
 * @param {string} modelDir
 * @returns {Promise<{ suggest(input: import('../../src/lib/suggest/suggester.ts').SuggestInput): Promise<import('../../src/lib/suggest/suggester.ts').Suggestions> }>}
 */
export async function loadSemanticSuggester(modelDir) {
	throw new Error(`No semantic method yet (model directory ${modelDir})`);
}
