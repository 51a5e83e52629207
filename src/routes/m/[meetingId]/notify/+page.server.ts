import { error, fail } from '@sveltejs/kit';
import { isUuid } from '$lib/server/db/uuid';
import { subscribe } from '$lib/server/follow-up/subscriptions';
import { currentParticipant } from '$lib/server/participants';
import type { Actions, PageServerLoad } from './$types';

// A participant leaves an e-mail address to be told when the meeting's statuses are published
// (issue 13). Only from a browser that is a participant of the meeting; works without JavaScript.

async function participantOf(event: Parameters<PageServerLoad>[0]) {
	const meetingId = event.params.meetingId;
	if (!isUuid(meetingId)) error(404, { message: 'Not found', code: 'NOT_FOUND' });
	const session = await currentParticipant(event.locals.services.sql, event.cookies, meetingId, event.url.protocol === 'https:');
	const [meeting] = await event.locals.services.sql<{ themeTitle: string }[]>`select theme_title from meetings where id = ${meetingId}`;
	if (!meeting) error(404, { message: 'Not found', code: 'NOT_FOUND' });
	return { meetingId, session, themeTitle: meeting.themeTitle };
}

export const load: PageServerLoad = async (event) => {
	const { meetingId, session, themeTitle } = await participantOf(event);
	return { meetingId, themeTitle, participant: session !== null };
};

export const actions: Actions = {
	default: async (event) => {
		const { meetingId, session } = await participantOf(event as never);
		if (!session) return fail(403, { problem: 'NOT_PARTICIPANT' as const, email: '' });
		const email = String((await event.request.formData()).get('email') ?? '');
		const result = await subscribe(event.locals.services.sql, meetingId, email);
		if (!result.ok) return fail(400, { problem: result.code, email });
		return { done: true as const };
	}
};
