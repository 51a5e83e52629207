import { json, type RequestHandler } from '@sveltejs/kit';
import { categoryPatchSchema } from '$lib/category';
import { categoryJson, categoryRefusal } from '$lib/server/api/categories-json';
import { moderatorInput } from '$lib/server/api/processes-json';
import { requireApiModerator } from '$lib/server/auth/guard';
import { deleteCategory, updateCategory } from '$lib/server/db/categories';

/** An owner renames a category or changes its description. */
export const PATCH: RequestHandler = async ({ locals, params, request }) => {
	const input = await moderatorInput(locals, request, categoryPatchSchema);
	if (!input.ok) return input.response;
	const result = await updateCategory(locals.services.sql, input.moderator.id, params.id!, params.categoryId!, input.data);
	return result.ok ? json({ category: categoryJson(result.category) }) : categoryRefusal(result.code, 'category');
};

/** An owner removes a category; the groups tagged with it lose the tag. */
export const DELETE: RequestHandler = async ({ locals, params }) => {
	const auth = requireApiModerator(locals);
	if (!auth.ok) return auth.response;
	const result = await deleteCategory(locals.services.sql, auth.moderator.id, params.id!, params.categoryId!);
	return result.ok ? new Response(null, { status: 204 }) : categoryRefusal(result.code, 'category');
};
