import type { SubmitFunction } from '@sveltejs/kit';
import { tick } from 'svelte';

/**
 * The `use:enhance` callback of a form with an error summary: after the submit the typed values stay,
 * and when the server refused them the summary takes focus (once it has rendered), so its problems are read out.
 * A second press while the first submit is on its way is dropped: it would create the same thing twice
 * (a second participant, a second process).
 */
export function focusSummaryOnFailure(summary: () => { focus(): void } | undefined): SubmitFunction {
	let submitting = false;
	return ({ cancel }) => {
		if (submitting) return cancel();
		submitting = true;
		return async ({ result, update }) => {
			submitting = false;
			await update({ reset: false });
			if (result.type === 'failure') {
				await tick();
				summary()?.focus();
			}
		};
	};
}
