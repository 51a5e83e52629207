import { fail, redirect } from '@sveltejs/kit';
import { fieldProblems } from '$lib/field-problems';
import { processFormValues, processInputSchema } from '$lib/process';
import { requireModerator } from '$lib/server/auth/guard';
import { createProcess } from '$lib/server/db/processes';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
	requireModerator(locals, url);
};

export const actions: Actions = {
	default: async ({ locals, url, request }) => {
		const moderator = requireModerator(locals, url);
		const values = processFormValues(await request.formData());
		const parsed = processInputSchema.safeParse(values);
		if (!parsed.success) return fail(400, { values, problems: fieldProblems(parsed.error) });
		const process = await createProcess(locals.services.sql, moderator.id, parsed.data);
		redirect(303, `/processes/${process.id}`);
	}
};
