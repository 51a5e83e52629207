import { error } from '@sveltejs/kit';
import type { Meeting } from '../meeting';
import type { Process } from '../process';
import type { SessionModerator } from './auth/session';
import { requireModerator } from './auth/guard';
import { getMeeting } from './db/meetings';
import { getProcess } from './db/processes';

/**
 * For the pages under /processes/[processId]: the signed-in moderator and the process. 404 (not
 * 403) for a process that is not theirs, so that nothing about other processes is revealed.
 */
export async function loadProcessRoute(event: {
	locals: App.Locals;
	url: URL;
	params: { processId: string };
}): Promise<{ moderator: SessionModerator; process: Process }> {
	const moderator = requireModerator(event.locals, event.url);
	const process = await getProcess(event.locals.services.sql, moderator.id, event.params.processId);
	if (!process) error(404, { message: 'Not found', code: 'NOT_FOUND' });
	return { moderator, process };
}

/** As loadProcessRoute, and the meeting; 404 also when the meeting belongs to another process. */
export async function loadMeetingRoute(event: {
	locals: App.Locals;
	url: URL;
	params: { processId: string; meetingId: string };
}): Promise<{ moderator: SessionModerator; process: Process; meeting: Meeting }> {
	const { moderator, process } = await loadProcessRoute(event);
	const meeting = await getMeeting(event.locals.services.sql, moderator.id, event.params.meetingId);
	if (!meeting || meeting.processId !== process.id) error(404, { message: 'Not found', code: 'NOT_FOUND' });
	return { moderator, process, meeting };
}
