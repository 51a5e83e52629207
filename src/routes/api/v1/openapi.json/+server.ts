import { json, type RequestHandler } from '@sveltejs/kit';
import { openApiDocument } from '$lib/server/api/openapi';

export const GET: RequestHandler = ({ url }) => json(openApiDocument(url.origin));
