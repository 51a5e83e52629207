import { json, type RequestHandler } from '@sveltejs/kit';
import { clusterCategoriesInputSchema } from '$lib/category';
import { categoryJson } from '$lib/server/api/categories-json';
import { moderatorInput, refusal, validationError } from '$lib/server/api/processes-json';
import { apiError } from '$lib/server/api/respond';
import { setClusterCategories } from '$lib/server/db/categories';

/** Tags a group of the meeting with categories of its process: `{ categoryIds: [...] }` replaces its tags. */
export const PUT: RequestHandler = async ({ locals, params, request }) => {
	const input = await moderatorInput(locals, request, clusterCategoriesInputSchema);
	if (!input.ok) return input.response;
	const result = await setClusterCategories(locals.services.sql, input.moderator.id, params.id!, params.clusterId!, input.data.categoryIds);
	if (!result.ok)
		return refusal(result.code, 'meeting', {
			NO_SUCH_GROUP: () => apiError(404, 'NO_SUCH_GROUP', 'The meeting has no such group on its board.'),
			UNKNOWN_CATEGORY: () => validationError({ categoryIds: 'UNKNOWN_CATEGORY' })
		});
	return json({ clusterId: params.clusterId, categories: result.categories.map(categoryJson) });
};
