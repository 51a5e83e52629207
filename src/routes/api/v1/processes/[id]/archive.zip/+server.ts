import type { RequestHandler } from '@sveltejs/kit';
import { getLocale } from '$lib/paraglide/runtime';
import { archiveApi } from '$lib/server/theme-input/api';

export const GET: RequestHandler = (event) => archiveApi(event, 'process', getLocale() === 'en' ? 'en' : 'sv');
