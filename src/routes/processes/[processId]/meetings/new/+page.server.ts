import { fail, redirect } from '@sveltejs/kit';
import { parseMeetingForm } from '$lib/meeting-form';
import { createMeeting } from '$lib/server/db/meetings';
import { loadProcessRoute } from '$lib/server/meeting-route';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { process } = await loadProcessRoute(event);
	return { process: { id: process.id, title: process.title } };
};

export const actions: Actions = {
	default: async (event) => {
		const { moderator, process } = await loadProcessRoute(event);
		const parsed = parseMeetingForm(await event.request.formData());
		if (!parsed.ok) return fail(400, { values: parsed.values, problems: parsed.problems });
		const meeting = await createMeeting(event.locals.services.sql, moderator.id, process.id, parsed.input);
		if (!meeting) return fail(404, { values: parsed.values, problems: {} });
		redirect(303, `/processes/${process.id}/meetings/${meeting.id}?created=1`);
	}
};
