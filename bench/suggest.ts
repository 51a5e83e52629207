import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSuggestionService } from '../server/suggest/service';
import { createLogger } from '../src/lib/server/log';
import { score, testIdeas } from '../src/lib/suggest/test-set';
import { words } from '../src/lib/suggest/text.js';
import { randomModel } from '../tests/integration/tiny-embedding-model';
import { heading, median, ms, table } from './stats';

export interface SuggestMethodResult {
	method: string;
	firstMs: number;
	runsMs: number[];
	groups: number;
	duplicates: number;
	testSet: ReturnType<typeof score>;
}

export interface SuggestBenchResult {
	ideas: number;
	lexical: SuggestMethodResult;
	/** With a tiny ONNX model made for the bench (random word vectors: its groups mean nothing, its time does). */
	semantic: SuggestMethodResult;
}

/** The test set's 216 ideas repeated with a place added, so that the 500 hold many duplicates too. */
function manyIdeas() {
	const { ideas } = testIdeas();
	const places = ['', ' i Lycksele', ' i Skellefteå', ' i Vilhelmina'];
	return Array.from({ length: 500 }, (_, i) => ({
		id: `n${i}`,
		text: `${ideas[i % ideas.length].text}${places[Math.floor(i / ideas.length)]}`,
		createdAt: i
	}));
}

async function measure(modelDir: string | undefined, runs: number): Promise<SuggestMethodResult> {
	const service = createSuggestionService({ log: createLogger('silent'), modelDir });
	try {
		const input = { ideas: manyIdeas(), groups: [] };
		let started = performance.now();
		await service.suggest(input);
		const firstMs = performance.now() - started;
		const runsMs: number[] = [];
		let last = await service.suggest(input);
		for (let r = 0; r < runs; r++) {
			started = performance.now();
			last = await service.suggest(input);
			runsMs.push(performance.now() - started);
		}
		const { ideas, duplicatePairs } = testIdeas();
		const testSet = score(ideas, duplicatePairs, await service.suggest({ ideas, groups: [] }));
		return { method: last.method, firstMs, runsMs, groups: last.groups.length, duplicates: last.duplicates.length, testSet };
	} finally {
		await service.close();
	}
}

/**
 * Suggested groups and duplicate hints for 500 ideas through the worker the server uses (issue 14),
 * with the lexical method and with the semantic one on a tiny ONNX model over the ideas' words.
 */
export async function runSuggestBench(runs = 5): Promise<SuggestBenchResult> {
	const lexical = await measure(undefined, runs);
	const dir = mkdtempSync(join(tmpdir(), 'samla-bench-model-'));
	try {
		randomModel(dir, new Set(manyIdeas().flatMap((i) => words(i.text))));
		const semantic = await measure(dir, runs);
		if (semantic.method !== 'semantic') throw new Error('The semantic method did not run on the bench model');
		return { ideas: 500, lexical, semantic };
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

export function printSuggestBench(r: SuggestBenchResult, targetMs: number): void {
	console.log(heading(`Suggested groups and duplicate hints · ${r.ideas} ideas · in the worker thread`));
	const rows = (m: SuggestMethodResult) => [
		[`${m.method}: first request (starts the worker${m.method === 'semantic' ? ', loads the model' : ''})`, ms(m.firstMs), ''],
		[`${m.method}: median of ${m.runsMs.length} requests`, ms(median(m.runsMs)), `≤ ${ms(targetMs)}`],
		[`${m.method}: slowest request`, ms(Math.max(...m.runsMs)), '']
	];
	console.log(table([['', 'time', 'target'], ...rows(r.lexical), ...rows(r.semantic)]));
	const t = r.lexical.testSet;
	console.log(
		`\nLexical: ${r.lexical.groups} groups suggested, ${r.lexical.duplicates} duplicate hints. Swedish test set: ARI ${t.ari.toFixed(3)}, duplicate recall ${(t.duplicateRecall * 100).toFixed(0)} %, false hints ${(t.falseHintRate * 100).toFixed(0)} %`
	);
	console.log(
		`Semantic: a tiny ONNX model (random 64-dimensional word vectors, ${r.semantic.groups} groups): the time is the method's (tokenising, the model, pooling, clustering), its grouping is meaningless`
	);
}
