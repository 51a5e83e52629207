import { afterAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/lib/server/log';
import { suggestLexical } from '../../src/lib/suggest/grouping.js';
import { testIdeas } from '../../src/lib/suggest/test-set';
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
