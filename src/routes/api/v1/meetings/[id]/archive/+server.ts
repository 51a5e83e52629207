import { json, type RequestHandler } from '@sveltejs/kit';
import { meetingJson, notFound, readJsonObject, validationError } from '$lib/server/api/processes-json';
import { requireApiModerator } from '$lib/server/auth/guard';
import { setMeetingArchived } from '$lib/server/db/meetings';

/** Archives the meeting; a body `{ "archived": false }` restores it. */
export const POST: RequestHandler = async ({ locals, params, request, url }) => {
	const auth = requireApiModerator(locals);
	if (!auth.ok) return auth.response;
	const read = await readJsonObject(request, { optional: true });
	if (!read.ok) return read.response;
	const { archived = true, ...rest } = read.body;
	if (Object.keys(rest).length) return validationError(Object.fromEntries(Object.keys(rest).map((k) => [k, 'UNKNOWN_FIELD'])));
	if (typeof archived !== 'boolean') return validationError({ archived: 'INVALID' });
	const meeting = await setMeetingArchived(locals.services.sql, auth.moderator.id, params.id!, archived);
	return meeting ? json({ meeting: meetingJson(meeting, url.origin) }) : notFound('meeting');
};
