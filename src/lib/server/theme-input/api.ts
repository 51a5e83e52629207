import { notFound, validationError } from '../api/processes-json';
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
