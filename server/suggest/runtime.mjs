// @ts-check
// Where onnxruntime-node, which runs the optional embedding model, comes from. It is a development
// dependency (the tests run a tiny model), so `npm ci --omit=dev` leaves its ≈ 290 MB out; an
// operator who wants the semantic method installs it into the model's folder, which `npm ci` on the
// next upgrade does not wipe: `npm install --prefix <model folder> --ignore-scripts onnxruntime-node@<version>`.
import { createRequire } from 'node:module';
import { join } from 'node:path';

/**
 * The entry file of onnxruntime-node: installed in the model's folder (or a folder above it), else
 * in Samla's own node_modules (a development install); null when neither has it.
 * @param {string} modelDir
 * @returns {string | null}
 */
export function resolveEmbeddingRuntime(modelDir) {
	for (const from of [join(modelDir, 'package.json'), import.meta.url]) {
		try {
			return createRequire(from).resolve('onnxruntime-node');
		} catch {
			// not there: the next place
		}
	}
	return null;
}
