import type { RequestHandler } from '@sveltejs/kit';
import { getLocale } from '$lib/paraglide/runtime';
import { meetingExportApi } from '$lib/server/theme-input/api';

export const GET: RequestHandler = (event) => meetingExportApi(event, 'docx', getLocale() === 'en' ? 'en' : 'sv');
