import { describe, expect, it, vi } from 'vitest';
import { focusSummaryOnFailure } from './focus-summary-on-failure';

type After = (opts: { result: { type: string }; update: (o?: { reset?: boolean }) => Promise<void> }) => Promise<void>;
type Start = (opts: { cancel: () => void }) => After | void;

async function submit(resultType: string) {
	const focus = vi.fn();
	const update = vi.fn(async () => {});
	const start = focusSummaryOnFailure(() => ({ focus })) as unknown as Start;
	await (start({ cancel: vi.fn() }) as After)({ result: { type: resultType }, update });
	return { focus, update };
}

describe('focusSummaryOnFailure', () => {
	it('keeps the typed values and focuses the summary when the server refuses them', async () => {
		const { focus, update } = await submit('failure');
		expect(update).toHaveBeenCalledWith({ reset: false });
		expect(focus).toHaveBeenCalledOnce();
	});

	it('drops a second press while the first submit is on its way, and takes the next one after it came back', async () => {
		const start = focusSummaryOnFailure(() => ({ focus: vi.fn() })) as unknown as Start;
		const first = start({ cancel: vi.fn() }) as After;
		const cancel = vi.fn();
		expect(start({ cancel })).toBeUndefined();
		expect(cancel).toHaveBeenCalledOnce();
		await first({ result: { type: 'success' }, update: async () => {} });
		const again = vi.fn();
		expect(typeof start({ cancel: again })).toBe('function');
		expect(again).not.toHaveBeenCalled();
	});

	it('leaves focus alone when the submit succeeds', async () => {
		const { focus, update } = await submit('success');
		expect(update).toHaveBeenCalledWith({ reset: false });
		expect(focus).not.toHaveBeenCalled();
	});
});
