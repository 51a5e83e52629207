import { error, type RequestHandler } from '@sveltejs/kit';
import { getLocale } from '$lib/paraglide/runtime';
import { meetingMinutesDocx } from '$lib/server/follow-up/minutes-docx';
import { loadMeetingRoute } from '$lib/server/meeting-route';
import { exportOptions, fileName } from '$lib/server/theme-input/downloads';
import { loadThemeInput } from '$lib/server/theme-input/export';
import { reportLabels } from '$lib/theme-input/labels';

/** The meeting's minutes as a Word document (the publication variant: no names, small groups suppressed). */
export const GET: RequestHandler = async (event) => {
	const { meeting } = await loadMeetingRoute(event as Parameters<typeof loadMeetingRoute>[0]);
	const locale = getLocale() === 'en' ? 'en' : 'sv';
	const data = await loadThemeInput(event.locals.services.sql, meeting.id, exportOptions(locale, true));
	if (!data) error(404, { message: 'Not found', code: 'NOT_FOUND' });
	const body = await meetingMinutesDocx(data, reportLabels(locale));
	return new Response(new Uint8Array(body), {
		headers: {
			'content-type': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
			'cache-control': 'private, no-store',
			'content-disposition': `attachment; filename="${fileName(data.meeting.themeTitle, 'docx', '-protokoll')}"`
		}
	});
};
