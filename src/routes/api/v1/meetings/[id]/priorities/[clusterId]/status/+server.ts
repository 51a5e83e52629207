import { json, type RequestHandler } from '@sveltejs/kit';
import { priorityStatusInputSchema } from '$lib/follow-up/status';
import { moderatorInput, refusal } from '$lib/server/api/processes-json';
import { apiError } from '$lib/server/api/respond';
import { setPriorityStatus } from '$lib/server/follow-up/statuses';

/** Sets the status of one priority of a closed meeting: `{ status, reason, link? }`. */
export const PUT: RequestHandler = async ({ locals, params, request }) => {
	const input = await moderatorInput(locals, request, priorityStatusInputSchema);
	if (!input.ok) return input.response;
	const result = await setPriorityStatus(locals.services.sql, input.moderator.id, params.id!, params.clusterId!, input.data);
	if (!result.ok)
		return refusal(result.code, 'meeting', {
			NOT_CLOSED: () => apiError(409, 'NOT_CLOSED', 'Statuses are set after the meeting is closed.'),
			NOT_A_PRIORITY: () => apiError(404, 'NOT_A_PRIORITY', 'No such priority on the meeting’s ranked list.')
		});
	return json({ clusterId: params.clusterId, status: input.data.status, reason: input.data.reason, link: input.data.link || null });
};
