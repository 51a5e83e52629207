import type { SubmitFunction } from '@sveltejs/kit';
import { tick } from 'svelte';

/**
 * The `use:enhance` callback of a form with an error summary: after the submit the typed values stay,
 * and when the server refused them the summary takes focus (once it has rendered), so its problems are read out.
 */
export const focusSummaryOnFailure =
	(summary: () => { focus(): void } | undefined): SubmitFunction =>
	() =>
	async ({ result, update }) => {
		await update({ reset: false });
		if (result.type === 'failure') {
			await tick();
			summary()?.focus();
		}
	};
