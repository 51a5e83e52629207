import type { RequestHandler } from '@sveltejs/kit';
import { loadMeetingRoute } from '$lib/server/meeting-route';
import { meetingExportResponse, type MeetingExportFormat } from '$lib/server/theme-input/downloads';
import { pageDownload } from '$lib/server/theme-input/page-download';

const FILES: Record<string, MeetingExportFormat> = {
	'theme-input.json': 'json',
	'theme-input.csv': 'csv',
	'report.md': 'md',
	'theme-input.xlsx': 'xlsx',
	'theme-input-semikolon.csv': 'csv-sv'
};

/** The download links of the meeting page: the meeting's theme input as a file. */
export const GET: RequestHandler = (event) =>
	pageDownload(event, FILES, async (format, options) => {
		const { meeting } = await loadMeetingRoute(event as Parameters<typeof loadMeetingRoute>[0]);
		return meetingExportResponse(event.locals.services.sql, meeting.id, format, options);
	});
