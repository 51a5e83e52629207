import { json, type RequestHandler } from '@sveltejs/kit';
import { meetingJsonSchema, meetingToJsonInput } from '$lib/meeting';
import { meetingJson, notFound, readJsonObject, validationError } from '$lib/server/api/processes-json';
import { apiError } from '$lib/server/api/respond';
import { requireApiModerator } from '$lib/server/auth/guard';
import { getMeeting, updateMeeting } from '$lib/server/db/meetings';

export const GET: RequestHandler = async ({ locals, params, url }) => {
	const auth = requireApiModerator(locals);
	if (!auth.ok) return auth.response;
	const meeting = await getMeeting(locals.services.sql, auth.moderator.id, params.id!);
	return meeting ? json({ meeting: meetingJson(meeting, url.origin) }) : notFound('meeting');
};

const meetingClosed = () => apiError(409, 'MEETING_CLOSED', 'The meeting is closed: its settings are frozen with its final theme input.');

/** Changes some fields; the result is checked as a whole (e.g. maxVotesPerItem ≤ votesPerParticipant). */
export const PATCH: RequestHandler = async ({ locals, params, request, url }) => {
	const auth = requireApiModerator(locals);
	if (!auth.ok) return auth.response;
	const { sql } = locals.services;
	const current = await getMeeting(sql, auth.moderator.id, params.id!);
	if (!current) return notFound('meeting');
	const read = await readJsonObject(request);
	if (!read.ok) return read.response;
	if (current.phase === 'closed') return meetingClosed();
	const parsed = meetingJsonSchema.safeParse({ ...meetingToJsonInput(current), ...read.body });
	if (!parsed.success) return validationError(parsed.error);
	const result = await updateMeeting(sql, auth.moderator.id, current.id, parsed.data);
	if (!result.ok) return result.code === 'MEETING_CLOSED' ? meetingClosed() : notFound('meeting');
	return json({ meeting: meetingJson(result.meeting, url.origin) });
};
