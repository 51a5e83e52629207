import { json, type RequestHandler } from '@sveltejs/kit';
import { z } from 'zod';
import { meetingJson, moderatorInput, notFound } from '$lib/server/api/processes-json';
import { duplicateMeeting } from '$lib/server/db/meetings';

const duplicateInputSchema = z.strictObject({
	titleSuffix: z.string({ error: 'INVALID' }).max(50, { error: 'INVALID' }).default(' (kopia)')
});

/**
 * A new meeting as a template of this one (theme, questions, place, settings; new join code, no
 * date). The body may give `titleSuffix` (default " (kopia)").
 */
export const POST: RequestHandler = async ({ locals, params, request, url }) => {
	const input = await moderatorInput(locals, request, duplicateInputSchema, { optional: true });
	if (!input.ok) return input.response;
	const meeting = await duplicateMeeting(locals.services.sql, input.moderator.id, params.id!, input.data.titleSuffix);
	return meeting ? json({ meeting: meetingJson(meeting, url.origin) }, { status: 201 }) : notFound('meeting');
};
