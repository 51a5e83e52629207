import { notFound, validationError } from '../api/processes-json';
import { apiError } from '../api/respond';
import { archiveResponse, meetingArchive, processArchive } from './archive';
import { requireApiModerator } from '../auth/guard';
import { getMeeting } from '../db/meetings';
import { getProcess } from '../db/processes';
import { meetingExportResponse, synthesisResponse, publicationParam, type MeetingExportFormat, type SynthesisFormat } from './downloads';

interface ApiEvent {
	locals: App.Locals;
	params: Record<string, string>;
	url: URL;
}

/**
 * GET of a meeting's export under /api/v1: a moderator of the meeting's process only (401 without
 * a moderator token, participant tokens included; 404 for a meeting of another process).
 */
export async function meetingExportApi(event: ApiEvent, format: MeetingExportFormat, locale: 'sv' | 'en'): Promise<Response> {
	const auth = requireApiModerator(event.locals);
	if (!auth.ok) return auth.response;
	const { sql } = event.locals.services;
	const publication = publicationParam(event.url);
	if (publication === null) return validationError({ publication: 'INVALID' });
	// The CSV's separator: `comma` (default, for machines) or `semicolon` (for Excel in Swedish).
	const separator = event.url.searchParams.get('separator') ?? 'comma';
	if (format === 'csv' && separator !== 'comma' && separator !== 'semicolon') return validationError({ separator: 'INVALID' });
	const meeting = await getMeeting(sql, auth.moderator.id, event.params.id);
	if (!meeting) return notFound('meeting');
	const response = await meetingExportResponse(sql, meeting.id, format === 'csv' && separator === 'semicolon' ? 'csv-sv' : format, {
		locale,
		publication,
		attachment: false
	});
	return response ?? notFound('meeting');
}

/** GET of a process's synthesis under /api/v1, with the same rules. */
export async function synthesisApi(event: ApiEvent, format: SynthesisFormat, locale: 'sv' | 'en'): Promise<Response> {
	const auth = requireApiModerator(event.locals);
	if (!auth.ok) return auth.response;
	const { sql } = event.locals.services;
	const publication = publicationParam(event.url);
	if (publication === null) return validationError({ publication: 'INVALID' });
	const process = await getProcess(sql, auth.moderator.id, event.params.id);
	if (!process) return notFound('process');
	const response = await synthesisResponse(sql, process.id, format, { locale, publication, attachment: false });
	return response ?? notFound('process');
}

/** The archive package (ZIP) of a closed meeting or of a process under /api/v1, with the same rules; 409 NOT_CLOSED before there is anything closed. */
export async function archiveApi(event: ApiEvent, of: 'meeting' | 'process', locale: 'sv' | 'en'): Promise<Response> {
	const auth = requireApiModerator(event.locals);
	if (!auth.ok) return auth.response;
	const { sql } = event.locals.services;
	const visible = of === 'meeting' ? await getMeeting(sql, auth.moderator.id, event.params.id) : await getProcess(sql, auth.moderator.id, event.params.id);
	if (!visible) return notFound(of);
	const options = { origin: event.url.origin, locale };
	const result = of === 'meeting' ? await meetingArchive(sql, visible.id, options) : await processArchive(sql, visible.id, options);
	if (!result.ok) {
		return result.code === 'NOT_CLOSED'
			? apiError(409, 'NOT_CLOSED', of === 'meeting' ? 'The archive package is made once the meeting is closed.' : 'The process has no closed meeting to archive yet.')
			: notFound(of);
	}
	return archiveResponse(result.zip, result.fileName);
}
