import { describe, expect, it, vi } from 'vitest';
import { focusSummaryOnFailure } from './focus-summary-on-failure';

type After = (opts: { result: { type: string }; update: (o?: { reset?: boolean }) => Promise<void> }) => Promise<void>;

async function submit(resultType: string) {
	const focus = vi.fn();
	const update = vi.fn(async () => {});
	const start = focusSummaryOnFailure(() => ({ focus })) as unknown as () => After;
	await start()({ result: { type: resultType }, update });
	return { focus, update };
}

describe('focusSummaryOnFailure', () => {
	it('keeps the typed values and focuses the summary when the server refuses them', async () => {
		const { focus, update } = await submit('failure');
		expect(update).toHaveBeenCalledWith({ reset: false });
		expect(focus).toHaveBeenCalledOnce();
	});

	it('leaves focus alone when the submit succeeds', async () => {
		const { focus, update } = await submit('success');
		expect(update).toHaveBeenCalledWith({ reset: false });
		expect(focus).not.toHaveBeenCalled();
	});
});
