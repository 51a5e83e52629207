import type { RequestHandler } from '@sveltejs/kit';
import { getLocale } from '$lib/paraglide/runtime';
import { synthesisApi } from '$lib/server/theme-input/api';

/** The process-level export: one workbook with every meeting. */
export const GET: RequestHandler = (event) => synthesisApi(event, 'xlsx', getLocale() === 'en' ? 'en' : 'sv');
