import { json, type RequestHandler } from '@sveltejs/kit';
import { z } from 'zod';
import { meetingJson, moderatorInput, notFound } from '$lib/server/api/processes-json';
import { setMeetingArchived } from '$lib/server/db/meetings';

const archiveInputSchema = z.strictObject({ archived: z.boolean({ error: 'INVALID' }).default(true) });

/** Archives the meeting; a body `{ "archived": false }` restores it. */
export const POST: RequestHandler = async ({ locals, params, request, url }) => {
	const input = await moderatorInput(locals, request, archiveInputSchema, { optional: true });
	if (!input.ok) return input.response;
	const meeting = await setMeetingArchived(locals.services.sql, input.moderator.id, params.id!, input.data.archived);
	return meeting ? json({ meeting: meetingJson(meeting, url.origin) }) : notFound('meeting');
};
