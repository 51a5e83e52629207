import { error, type RequestHandler } from '@sveltejs/kit';
import { getLocale } from '$lib/paraglide/runtime';
import { loadMeetingRoute } from '$lib/server/meeting-route';
import { archiveResponse, meetingArchive } from '$lib/server/theme-input/archive';

/** The meeting page's archive package: the closed meeting's theme input in every format, with checksums. */
export const GET: RequestHandler = async (event) => {
	const { meeting } = await loadMeetingRoute(event as Parameters<typeof loadMeetingRoute>[0]);
	const result = await meetingArchive(event.locals.services.sql, meeting.id, { origin: event.url.origin, locale: getLocale() === 'en' ? 'en' : 'sv' });
	if (!result.ok) error(result.code === 'NOT_CLOSED' ? 409 : 404, { message: result.code === 'NOT_CLOSED' ? 'The meeting is not closed' : 'Not found', code: result.code });
	return archiveResponse(result.zip, result.fileName);
};
