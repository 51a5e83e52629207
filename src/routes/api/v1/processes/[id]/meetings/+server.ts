import { json, type RequestHandler } from '@sveltejs/kit';
import { meetingJsonSchema } from '$lib/meeting';
import { listQuery, meetingJson, moderatorInput, notFound, pageJson } from '$lib/server/api/processes-json';
import { requireApiModerator } from '$lib/server/auth/guard';
import { createMeeting, listMeetingPage } from '$lib/server/db/meetings';

/** The process's meetings in date order, a page at a time; `?archived=true` includes archived ones, `?phase=` filters. */
export const GET: RequestHandler = async ({ locals, params, url }) => {
	const auth = requireApiModerator(locals);
	if (!auth.ok) return auth.response;
	const read = listQuery(url, { phases: true });
	if (!read.ok) return read.response;
	const page = await listMeetingPage(locals.services.sql, auth.moderator.id, params.id!, read.query);
	if (!page) return notFound('process');
	return json({ meetings: page.meetings.map((meeting) => meetingJson(meeting, url.origin)), ...pageJson(page.total, read.query, page.meetings.length) });
};

/** Creates a meeting (in draft, with a new join code) in the process. */
export const POST: RequestHandler = async ({ locals, params, request, url }) => {
	const input = await moderatorInput(locals, request, meetingJsonSchema);
	if (!input.ok) return input.response;
	const meeting = await createMeeting(locals.services.sql, input.moderator.id, params.id!, input.data);
	return meeting ? json({ meeting: meetingJson(meeting, url.origin) }, { status: 201 }) : notFound('process');
};
