import { fail } from '@sveltejs/kit';
import { checkAccessibilityReport } from '$lib/accessibility-report';
import { saveAccessibilityReport } from '$lib/server/db/accessibility-reports';
import type { Actions } from './$types';

export const actions: Actions = {
	default: async ({ request, locals }) => {
		const form = Object.fromEntries(await request.formData());
		const checked = checkAccessibilityReport(form);
		if (!checked.ok) {
			const text = (v: unknown) => (typeof v === 'string' ? v : '');
			return fail(400, {
				values: { name: text(form.name), email: text(form.email), description: text(form.description) },
				problems: checked.problems
			});
		}
		await saveAccessibilityReport(locals.services.sql, checked.report);
		return { sent: true as const };
	}
};
