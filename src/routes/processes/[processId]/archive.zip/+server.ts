import { error, type RequestHandler } from '@sveltejs/kit';
import { getLocale } from '$lib/paraglide/runtime';
import { loadProcessRoute } from '$lib/server/meeting-route';
import { archiveResponse, processArchive } from '$lib/server/theme-input/archive';

/** The process's archive package: every closed meeting and the synthesis, with checksums. */
export const GET: RequestHandler = async (event) => {
	const { process } = await loadProcessRoute(event as Parameters<typeof loadProcessRoute>[0]);
	const result = await processArchive(event.locals.services.sql, process.id, { origin: event.url.origin, locale: getLocale() === 'en' ? 'en' : 'sv' });
	if (!result.ok) error(result.code === 'NOT_CLOSED' ? 409 : 404, { message: result.code === 'NOT_CLOSED' ? 'No closed meeting yet' : 'Not found', code: result.code });
	return archiveResponse(result.zip, result.fileName);
};
