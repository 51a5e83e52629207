import { fail } from '@sveltejs/kit';
import { clusterCategoriesInputSchema } from '$lib/category';
import { processCategories, setClusterCategories, taggableGroups } from '$lib/server/db/categories';
import { loadMeetingRoute } from '$lib/server/meeting-route';
import type { Actions, PageServerLoad } from './$types';

// Tagging a meeting's groups with its process's shared categories (issue 12): any moderator of
// the process, in any phase and after the meeting, also while the meeting is archived (its tags
// then reach the synthesis once it is restored); the same rules as PUT
// /api/v1/meetings/{id}/clusters/{clusterId}/categories (setClusterCategories judges).

export const load: PageServerLoad = async (event) => {
	const { process, meeting } = await loadMeetingRoute(event);
	const { sql } = event.locals.services;
	return {
		process: { id: process.id, title: process.title },
		meeting: { id: meeting.id, themeTitle: meeting.themeTitle, archived: meeting.archivedAt !== null },
		categories: (await processCategories(sql, process.id)).map(({ id, name, description }) => ({ id, name, description })),
		groups: await taggableGroups(sql, meeting.id)
	};
};

export const actions: Actions = {
	tag: async (event) => {
		const { moderator, meeting } = await loadMeetingRoute(event);
		const form = await event.request.formData();
		const clusterId = String(form.get('clusterId') ?? '');
		const parsed = clusterCategoriesInputSchema.safeParse({ categoryIds: form.getAll('categoryId').map(String) });
		if (!parsed.success) return fail(400, { clusterId, refused: 'INVALID' as const });
		const result = await setClusterCategories(event.locals.services.sql, moderator.id, meeting.id, clusterId, parsed.data.categoryIds);
		if (!result.ok) return fail(result.code === 'UNKNOWN_CATEGORY' ? 400 : 404, { clusterId, refused: result.code });
		return { clusterId, saved: true as const };
	}
};
