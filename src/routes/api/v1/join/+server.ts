import { json, type RequestHandler } from '@sveltejs/kit';
import { isJoinCode, normaliseJoinCode } from '$lib/join-code';
import { askedSegmentsOnly, checkParticipantDetails } from '$lib/participant-join';
import { apiError, parseJsonBody } from '$lib/server/api/respond';
import { insertParticipantWithSession } from '$lib/server/db/participants';
import { isDatabaseUnavailable } from '$lib/server/db/unavailable';
import { joinAttemptSource } from '$lib/server/join-source';
import { meetingToJoin } from '$lib/server/participants';

/** 400 VALIDATION with one entry per field, e.g. `{ "field": "sectorCode", "problem": "UNKNOWN" }`. */
function validation(problems: Record<string, string>): Response {
	const issues = Object.entries(problems).map(([field, problem]) => ({ field, problem }));
	const list = issues.map((i) => `${i.field} (${i.problem})`).join(', ');
	return json({ code: 'VALIDATION', message: `Invalid fields: ${list}.`, issues }, { status: 400 });
}

/**
 * Joins a meeting by its code without an account, for non-browser clients: returns the
 * participant's token and where to connect with it (y-websocket and socket.io).
 */
export const POST: RequestHandler = async (event) => {
	try {
		return await join(event);
	} catch (error) {
		// An outage is not a bug: the client is told to retry, with the problem body (issue 9, defect 21).
		if (isDatabaseUnavailable(error)) {
			return apiError(503, 'UNAVAILABLE', 'The database cannot be reached; try again in a moment.', { 'retry-after': '5' });
		}
		throw error;
	}
};

async function join(event: Parameters<RequestHandler>[0]): Promise<Response> {
	const { request, locals, url } = event;
	const read = await parseJsonBody(request);
	if (!read.ok) return read.fields ? validation(read.fields) : read.response;
	const { body } = read;
	if (typeof body !== 'object' || body === null || Array.isArray(body)) return validation({ '(body)': 'INVALID' });
	const checked = checkParticipantDetails(body);
	const code = typeof body === 'object' && body !== null ? (body as { code?: unknown }).code : undefined;
	const problems: Record<string, string> = checked.ok ? {} : { ...checked.problems };
	if (typeof code !== 'string' || !normaliseJoinCode(code)) problems.code = 'REQUIRED';
	else if (!isJoinCode(normaliseJoinCode(code))) problems.code = 'INVALID';
	if (!checked.ok || typeof code !== 'string' || problems.code) return validation(problems);

	const { sql } = locals.services;
	const found = await meetingToJoin(sql, joinAttemptSource(event), code);
	if (!found.ok) {
		switch (found.code) {
			case 'CODE_FORMAT':
				return validation({ code: 'INVALID' });
			case 'NOT_FOUND':
				return apiError(404, 'NOT_FOUND', 'No meeting has this join code.');
			case 'MEETING_CLOSED':
				return apiError(409, 'MEETING_CLOSED', 'The meeting has ended; it takes no new participants.');
			case 'RATE_LIMITED':
				return apiError(429, 'RATE_LIMITED', `Too many wrong join codes. Try again in ${found.retryAfterSeconds} seconds.`, {
					'retry-after': String(found.retryAfterSeconds)
				});
		}
	}
	const { meeting } = found;
	// Optional details the meeting does not ask are not stored.
	const joined = await insertParticipantWithSession(sql, meeting.id, askedSegmentsOnly(checked.details, meeting.askedSegments));
	if (!joined.ok) return validation(joined.problems);

	const wsOrigin = url.origin.replace(/^http/, 'ws');
	return json(
		{
			token: joined.token,
			participant: joined.participant,
			meeting: { id: meeting.id, themeTitle: meeting.themeTitle },
			websocketUrl: `${wsOrigin}/yjs/${meeting.id}`,
			socketIo: { path: '/socket.io', namespace: '/meeting' }
		},
		{ status: 201, headers: { 'cache-control': 'no-store' } }
	);
}
