import { json, type RequestHandler } from '@sveltejs/kit';
import { categoryInputSchema } from '$lib/category';
import { categoryJson, categoryRefusal } from '$lib/server/api/categories-json';
import { moderatorInput, notFound } from '$lib/server/api/processes-json';
import { requireApiModerator } from '$lib/server/auth/guard';
import { createCategory, listCategories } from '$lib/server/db/categories';

/** The process's shared categories in order. */
export const GET: RequestHandler = async ({ locals, params }) => {
	const auth = requireApiModerator(locals);
	if (!auth.ok) return auth.response;
	const categories = await listCategories(locals.services.sql, auth.moderator.id, params.id!);
	return categories ? json({ categories: categories.map(categoryJson) }) : notFound('process');
};

/** An owner adds a category: `{ name, description? }`. */
export const POST: RequestHandler = async ({ locals, params, request }) => {
	const input = await moderatorInput(locals, request, categoryInputSchema);
	if (!input.ok) return input.response;
	const result = await createCategory(locals.services.sql, input.moderator.id, params.id!, input.data);
	return result.ok ? json({ category: categoryJson(result.category) }, { status: 201 }) : categoryRefusal(result.code, 'process');
};
