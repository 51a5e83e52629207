import type { RequestHandler } from '@sveltejs/kit';
import { getLocale } from '$lib/paraglide/runtime';
import { archiveApi } from '$lib/server/theme-input/api';

export const GET: RequestHandler = (event) => archiveApi(event, 'meeting', getLocale() === 'en' ? 'en' : 'sv');
