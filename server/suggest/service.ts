import { readFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { Logger } from '../../src/lib/server/log';
import { samlaFile } from '../../src/lib/server/root';
import type { SuggestionService } from '../../src/lib/server/services';
import type { SuggestInput, Suggestions } from '../../src/lib/suggest/suggester';
import { resolveEmbeddingRuntime } from './runtime.mjs';

// Plain JavaScript read from Samla's folder: the same file from source and from the compiled server.
const WORKER = samlaFile('server/suggest/worker.mjs');

type Reply = { id: number; ok: true; suggestions: Suggestions; warning?: string } | { id: number; ok: false; error: string };

interface Pending {
	resolve(suggestions: Suggestions): void;
	reject(error: Error): void;
}

/**
 * Suggestions computed in one worker thread, started on first use and restarted after a crash.
 * With `modelDir` (SAMLA_EMBEDDING_MODEL_DIR) the worker uses the semantic method, falling back to
 * the lexical one (and logging why) when the model cannot be loaded. Without onnxruntime-node
 * (a production install leaves it out) it says at start how to install it and suggests lexically.
 */
export function createSuggestionService({
	log,
	modelDir: configured,
	resolveRuntime = resolveEmbeddingRuntime
}: {
	log: Logger;
	modelDir?: string;
	resolveRuntime?: (modelDir: string) => string | null;
}): SuggestionService {
	let modelDir = configured;
	if (modelDir && !resolveRuntime(modelDir)) {
		log.error(
			`SAMLA_EMBEDDING_MODEL_DIR is set, but onnxruntime-node, which runs the model, is not installed: suggestions use the lexical method. ` +
				`To use the model, run \`${runtimeInstallCommand(modelDir)}\` and restart Samla.`
		);
		modelDir = undefined;
	}
	let worker: Worker | null = null;
	let nextId = 1;
	const pending = new Map<number, Pending>();

	const failAll = (error: Error) => {
		for (const p of pending.values()) p.reject(error);
		pending.clear();
	};

	function start(): Worker {
		const started = new Worker(WORKER, { workerData: { modelDir: modelDir ?? null } });
		// An idle worker must not keep the process alive; unref'd while nothing is asked.
		started.unref();
		started.on('message', (reply: Reply) => {
			const p = pending.get(reply.id);
			if (!p) return;
			pending.delete(reply.id);
			if (!pending.size) started.unref();
			if (reply.ok) {
				if (reply.warning) log.error(reply.warning);
				p.resolve(reply.suggestions);
			} else p.reject(new Error(reply.error));
		});
		started.on('error', (error) => {
			log.error('The suggestion worker failed', error);
			if (worker === started) worker = null;
			failAll(error instanceof Error ? error : new Error(String(error)));
		});
		started.on('exit', () => {
			if (worker === started) worker = null;
			failAll(new Error('The suggestion worker stopped'));
		});
		return started;
	}

	return {
		method: modelDir ? 'semantic' : 'lexical',
		suggest(input: SuggestInput): Promise<Suggestions> {
			worker ??= start();
			const id = nextId++;
			const running = worker;
			running.ref();
			return new Promise<Suggestions>((resolve, reject) => {
				pending.set(id, { resolve, reject });
				running.postMessage({ id, input });
			});
		},
		async close() {
			const stopping = worker;
			worker = null;
			await stopping?.terminate();
		}
	};
}

/** How an operator adds onnxruntime-node next to the model: the version the tests run with, its download step skipped. */
export function runtimeInstallCommand(modelDir: string): string {
	const { devDependencies } = JSON.parse(readFileSync(samlaFile('package.json'), 'utf8')) as { devDependencies?: Record<string, string> };
	const version = devDependencies?.['onnxruntime-node'];
	return `npm install --prefix ${JSON.stringify(modelDir)} --ignore-scripts onnxruntime-node${version ? `@${version}` : ''}`;
}
