import { json, type RequestHandler } from '@sveltejs/kit';
import { notFound, refusal } from '$lib/server/api/processes-json';
import { apiError } from '$lib/server/api/respond';
import { requireApiModerator } from '$lib/server/auth/guard';
import { getMeeting } from '$lib/server/db/meetings';
import { followUpUrl, publicationMail } from '$lib/server/follow-up/mail';
import { publishFollowUp } from '$lib/server/follow-up/statuses';

/** Publishes the statuses of a closed meeting and queues one notification per address given for it. */
export const POST: RequestHandler = async ({ locals, params, url }) => {
	const auth = requireApiModerator(locals);
	if (!auth.ok) return auth.response;
	const { sql, mailer } = locals.services;
	const meeting = await getMeeting(sql, auth.moderator.id, params.id!);
	if (!meeting) return notFound('meeting');
	const page = followUpUrl(url.origin, meeting.joinCode);
	const result = await publishFollowUp(sql, auth.moderator.id, meeting.id, publicationMail(meeting.themeTitle, page));
	if (!result.ok)
		return refusal(result.code, 'meeting', {
			NOT_CLOSED: () => apiError(409, 'NOT_CLOSED', 'Statuses are published after the meeting is closed.'),
			NO_STATUSES: () => apiError(409, 'NO_STATUSES', 'Give at least one priority a status first.')
		});
	mailer?.wake();
	return json({ publicationId: result.publicationId, recipients: result.recipients, followUpUrl: page }, { status: 201 });
};
