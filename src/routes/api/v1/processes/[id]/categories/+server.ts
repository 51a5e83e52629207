import { json, type RequestHandler } from '@sveltejs/kit';
import { categoryInputSchema } from '$lib/category';
import { categoryJson, categoryRefusal } from '$lib/server/api/categories-json';
import { notFound, readJsonObject, validationError } from '$lib/server/api/processes-json';
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
	const auth = requireApiModerator(locals);
	if (!auth.ok) return auth.response;
	const read = await readJsonObject(request);
	if (!read.ok) return read.response;
	const parsed = categoryInputSchema.safeParse(read.body);
	if (!parsed.success) return validationError(parsed.error);
	const result = await createCategory(locals.services.sql, auth.moderator.id, params.id!, parsed.data);
	return result.ok ? json({ category: categoryJson(result.category) }, { status: 201 }) : categoryRefusal(result.code, 'process');
};
