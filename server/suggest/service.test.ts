import { mkdirSync, mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createLogger, type Logger } from '../../src/lib/server/log';
import { suggestLexical } from '../../src/lib/suggest/grouping.js';
import { testIdeas } from '../../src/lib/suggest/test-set';
import { resolveEmbeddingRuntime } from './runtime.mjs';
import { createSuggestionService } from './service';

describe('the suggestion service', () => {
	const service = createSuggestionService({ log: createLogger('silent') });
	afterAll(() => service.close());
	const { ideas } = testIdeas();

	it('answers what the lexical method computes, from a worker thread', async () => {
		const input = { ideas, groups: [] };
		expect(await service.suggest(input)).toEqual(suggestLexical(input));
	});

	it('leaves the event loop free while it computes: other work runs before the answer arrives', async () => {
		const many = Array.from({ length: 500 }, (_, i) => ({ id: `n${i}`, text: `${ideas[i % ideas.length].text} ${Math.floor(i / ideas.length)}` }));
		let turns = 0;
		let answered = false;
		const spin = () => {
			if (answered) return;
			turns++;
			setImmediate(spin);
		};
		setImmediate(spin);
		await service.suggest({ ideas: many, groups: [] });
		answered = true;
		// Computed on this thread, the answer would come before a single other turn of the loop.
		expect(turns).toBeGreaterThan(1);
	});
});

describe('the embedding runtime, which a production install leaves out', () => {
	it('without onnxruntime-node a configured model is not used: the start log says how to install it, and suggestions are lexical', async () => {
		const errors: string[] = [];
		const log: Logger = { info: () => {}, debug: () => {}, error: (m) => errors.push(m) };
		const modelDir = mkdtempSync(join(tmpdir(), 'samla-model-'));
		const service = createSuggestionService({ log, modelDir, resolveRuntime: () => null });
		try {
			expect(service.method).toBe('lexical');
			expect(errors).toHaveLength(1);
			expect(errors[0]).toContain(`npm install --prefix "${modelDir}" --ignore-scripts onnxruntime-node@`);
			const input = { ideas: testIdeas().ideas, groups: [] };
			expect(await service.suggest(input)).toEqual(suggestLexical(input));
			expect(errors).toHaveLength(1);
		} finally {
			await service.close();
		}
	});

	it('is found in the model’s folder, where an operator installs it, before Samla’s own node_modules', () => {
		const modelDir = realpathSync(mkdtempSync(join(tmpdir(), 'samla-model-')));
		const installed = join(modelDir, 'node_modules', 'onnxruntime-node');
		mkdirSync(installed, { recursive: true });
		writeFileSync(join(installed, 'package.json'), JSON.stringify({ name: 'onnxruntime-node', main: 'index.js' }));
		writeFileSync(join(installed, 'index.js'), '');
		expect(resolveEmbeddingRuntime(modelDir)).toBe(join(installed, 'index.js'));
	});

	it('is found in Samla’s node_modules in a development install', () => {
		expect(resolveEmbeddingRuntime(mkdtempSync(join(tmpdir(), 'samla-model-')))).toMatch(/\/node_modules\/onnxruntime-node\//);
	});
});
