import { json, type RequestHandler } from '@sveltejs/kit';
import { meetingJson, notFound, readJsonObject, validationError } from '$lib/server/api/processes-json';
import { requireApiModerator } from '$lib/server/auth/guard';
import { duplicateMeeting } from '$lib/server/db/meetings';

const DEFAULT_SUFFIX = ' (kopia)';

/**
 * A new meeting as a template of this one (theme, questions, place, settings; new join code, no
 * date). The body may give `titleSuffix` (default " (kopia)").
 */
export const POST: RequestHandler = async ({ locals, params, request, url }) => {
	const auth = requireApiModerator(locals);
	if (!auth.ok) return auth.response;
	const read = await readJsonObject(request, { optional: true });
	if (!read.ok) return read.response;
	const { titleSuffix = DEFAULT_SUFFIX, ...rest } = read.body;
	if (Object.keys(rest).length) return validationError(Object.fromEntries(Object.keys(rest).map((k) => [k, 'UNKNOWN_FIELD'])));
	if (typeof titleSuffix !== 'string' || titleSuffix.length > 50) return validationError({ titleSuffix: 'INVALID' });
	const meeting = await duplicateMeeting(locals.services.sql, auth.moderator.id, params.id!, titleSuffix);
	return meeting ? json({ meeting: meetingJson(meeting, url.origin) }, { status: 201 }) : notFound('meeting');
};
