import { json, type RequestHandler } from '@sveltejs/kit';
import { themeInputJsonSchema } from '$lib/theme-input/schema';

/** The JSON Schema (draft 2020-12) of the theme-input export; public, like the OpenAPI document. */
export const GET: RequestHandler = ({ url }) =>
	json(themeInputJsonSchema(url.origin), { headers: { 'content-type': 'application/schema+json', 'cache-control': 'public, max-age=300' } });
