import { createSuggestionService } from '../server/suggest/service';
import { createLogger } from '../src/lib/server/log';
import { score, testIdeas } from '../src/lib/suggest/test-set';
import { heading, median, ms, table } from './stats';

export interface SuggestBenchResult {
	ideas: number;
	firstMs: number;
	runsMs: number[];
	groups: number;
	duplicates: number;
	testSet: ReturnType<typeof score>;
}

/**
 * Suggested groups and duplicate hints for 500 ideas through the worker the server uses (issue 14):
 * the test set's 216 ideas repeated with a place added, so that the set holds many duplicates too.
 */
export async function runSuggestBench(runs = 5): Promise<SuggestBenchResult> {
	const service = createSuggestionService({ log: createLogger('silent') });
	try {
		const { ideas, duplicatePairs } = testIdeas();
		const places = ['', ' i Lycksele', ' i Skellefteå', ' i Vilhelmina'];
		const many = Array.from({ length: 500 }, (_, i) => ({
			id: `n${i}`,
			text: `${ideas[i % ideas.length].text}${places[Math.floor(i / ideas.length)]}`,
			createdAt: i
		}));
		const input = { ideas: many, groups: [] };
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
		const testSet = score(ideas, duplicatePairs, await service.suggest({ ideas, groups: [] }));
		return { ideas: many.length, firstMs, runsMs, groups: last.groups.length, duplicates: last.duplicates.length, testSet };
	} finally {
		await service.close();
	}
}

export function printSuggestBench(r: SuggestBenchResult, targetMs: number): void {
	console.log(heading(`Suggested groups and duplicate hints · ${r.ideas} ideas · lexical method in the worker thread`));
	console.log(
		table([
			['', 'time', 'target'],
			['first request (starts the worker)', ms(r.firstMs), ''],
			[`median of ${r.runsMs.length} requests`, ms(median(r.runsMs)), `≤ ${ms(targetMs)}`],
			['slowest request', ms(Math.max(...r.runsMs)), '']
		])
	);
	const t = r.testSet;
	console.log(
		`\n${r.groups} groups suggested, ${r.duplicates} duplicate hints. Swedish test set: ARI ${t.ari.toFixed(3)}, duplicate recall ${(t.duplicateRecall * 100).toFixed(0)} %, false hints ${(t.falseHintRate * 100).toFixed(0)} %`
	);
}
