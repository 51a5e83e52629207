import { error, fail, type RequestEvent } from '@sveltejs/kit';
import { loadMeetingRoute } from '../meeting-route';
import { purgedParticipantName, purgeMeeting } from './purge';

/** Whether the meeting's personal data was purged (for the meeting page). */
export async function purgedAt(event: { locals: App.Locals }, meetingId: string): Promise<Date | null> {
	const [row] = await event.locals.services.sql<{ purgedAt: Date | null }[]>`select purged_at from meetings where id = ${meetingId}`;
	return row?.purgedAt ?? null;
}

/** The meeting page's `purge` form action: a confirmed purge of a closed meeting's personal data. */
export async function purgeAction(event: RequestEvent<{ processId: string; meetingId: string }>) {
	const { moderator, meeting } = await loadMeetingRoute(event);
	const form = await event.request.formData();
	if (form.get('confirm') !== 'yes') return fail(400, { action: 'purge' as const, problem: 'CONFIRM_REQUIRED' as const });
	const { sql, realtime } = event.locals.services;
	const result = await purgeMeeting(sql, meeting.id, { moderatorId: moderator.id, participantName: purgedParticipantName });
	if (!result.ok) {
		if (result.code === 'NOT_FOUND') error(404, { message: 'Not found', code: 'NOT_FOUND' });
		return fail(409, { action: 'purge' as const, problem: result.code });
	}
	await realtime?.boardReplaced?.(meeting.id);
	return { action: 'purge' as const, done: true as const };
}
