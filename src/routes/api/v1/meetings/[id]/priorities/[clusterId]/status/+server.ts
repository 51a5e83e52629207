import { json, type RequestHandler } from '@sveltejs/kit';
import { priorityStatusInputSchema } from '$lib/follow-up/status';
import { notFound, readJsonObject, validationError } from '$lib/server/api/processes-json';
import { apiError } from '$lib/server/api/respond';
import { requireApiModerator } from '$lib/server/auth/guard';
import { setPriorityStatus } from '$lib/server/follow-up/statuses';

/** Sets the status of one priority of a closed meeting: `{ status, reason, link? }`. */
export const PUT: RequestHandler = async ({ locals, params, request }) => {
	const auth = requireApiModerator(locals);
	if (!auth.ok) return auth.response;
	const read = await readJsonObject(request);
	if (!read.ok) return read.response;
	const parsed = priorityStatusInputSchema.safeParse(read.body);
	if (!parsed.success) return validationError(parsed.error);
	const result = await setPriorityStatus(locals.services.sql, auth.moderator.id, params.id!, params.clusterId!, parsed.data);
	if (!result.ok) {
		switch (result.code) {
			case 'NOT_FOUND':
				return notFound('meeting');
			case 'NOT_CLOSED':
				return apiError(409, 'NOT_CLOSED', 'Statuses are set after the meeting is closed.');
			case 'NOT_A_PRIORITY':
				return apiError(404, 'NOT_A_PRIORITY', 'No such priority on the meeting’s ranked list.');
		}
	}
	return json({ clusterId: params.clusterId, status: parsed.data.status, reason: parsed.data.reason, link: parsed.data.link || null });
};
