import type { RequestHandler } from '@sveltejs/kit';
import { getLocale } from '$lib/paraglide/runtime';
import { synthesisApi } from '$lib/server/theme-input/api';

export const GET: RequestHandler = (event) => synthesisApi(event, 'docx', getLocale() === 'en' ? 'en' : 'sv');
