import { error, type RequestHandler } from '@sveltejs/kit';
import { getLocale } from '$lib/paraglide/runtime';
import { loadMeetingRoute } from '$lib/server/meeting-route';
import { meetingExportResponse } from '$lib/server/theme-input/downloads';

/** The meeting's minutes as a Word document (the publication variant: no names, small groups suppressed). */
export const GET: RequestHandler = async (event) => {
	const { meeting } = await loadMeetingRoute(event as Parameters<typeof loadMeetingRoute>[0]);
	const locale = getLocale() === 'en' ? 'en' : 'sv';
	const response = await meetingExportResponse(event.locals.services.sql, meeting.id, 'docx', { locale, publication: true, attachment: true });
	if (!response) error(404, { message: 'Not found', code: 'NOT_FOUND' });
	return response;
};
