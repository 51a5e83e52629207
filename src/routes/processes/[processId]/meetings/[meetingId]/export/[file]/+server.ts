import { error, type RequestHandler } from '@sveltejs/kit';
import { getLocale } from '$lib/paraglide/runtime';
import { loadMeetingRoute } from '$lib/server/meeting-route';
import { meetingExportResponse, publicationParam, type MeetingExportFormat } from '$lib/server/theme-input/downloads';

const FILES: Record<string, MeetingExportFormat> = { 'theme-input.json': 'json', 'theme-input.csv': 'csv', 'report.md': 'md',
	'theme-input.xlsx': 'xlsx',
	'theme-input-semikolon.csv': 'csv-sv'
};

/** The download links of the meeting page: the meeting's theme input as a file. */
export const GET: RequestHandler = async (event) => {
	const format = FILES[event.params.file!];
	if (!format) error(404, { message: 'Not found', code: 'NOT_FOUND' });
	const publication = publicationParam(event.url);
	if (publication === null) error(400, { message: 'publication must be true or false', code: 'VALIDATION' });
	const { meeting } = await loadMeetingRoute(event as Parameters<typeof loadMeetingRoute>[0]);
	const response = await meetingExportResponse(event.locals.services.sql, meeting.id, format, {
		locale: getLocale() === 'en' ? 'en' : 'sv',
		publication,
		attachment: true
	});
	if (!response) error(404, { message: 'Not found', code: 'NOT_FOUND' });
	return response;
};
