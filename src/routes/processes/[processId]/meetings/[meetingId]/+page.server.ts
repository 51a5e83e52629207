import { error, fail, redirect } from '@sveltejs/kit';
import { joinUrl } from '$lib/meeting';
import { meetingFormValues, parseMeetingForm } from '$lib/meeting-form';
import { m } from '$lib/paraglide/messages';
import { duplicateMeeting, setMeetingArchived, updateMeeting } from '$lib/server/db/meetings';
import { loadMeetingRoute } from '$lib/server/meeting-route';
import { qrSvg } from '$lib/server/qr';
import { listParticipants, removeParticipant } from '$lib/server/db/participants';
import { getLocale } from '$lib/paraglide/runtime';
import { purgeAction, purgedAt } from '$lib/server/theme-input/purge-action';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { process, meeting } = await loadMeetingRoute(event);
	const link = joinUrl(event.url.origin, meeting.joinCode);
	return {
		process: { id: process.id, title: process.title },
		meeting,
		values: meetingFormValues(meeting),
		joinLink: link,
		// Trusted markup: generated here by the qrcode package from our own URL, never from input.
		qrSvg: await qrSvg(link),
		created: event.url.searchParams.has('created'),
		copied: event.url.searchParams.has('copied'),
		participants: await listParticipants(event.locals.services.sql, meeting.id, getLocale() === 'en' ? 'en' : 'sv'),
		purgedAt: await purgedAt(event, meeting.id)
	};
};

export const actions: Actions = {
	purge: purgeAction,

	update: async (event) => {
		const { moderator, meeting } = await loadMeetingRoute(event);
		const parsed = parseMeetingForm(await event.request.formData());
		if (!parsed.ok) return fail(400, { action: 'update' as const, values: parsed.values, problems: parsed.problems });
		if (meeting.phase === 'closed') return fail(409, { action: 'update' as const, closed: true as const });
		const updated = await updateMeeting(event.locals.services.sql, moderator.id, meeting.id, parsed.input);
		if (!updated.ok && updated.code === 'MEETING_CLOSED') return fail(409, { action: 'update' as const, closed: true as const });
		if (!updated.ok) error(404, { message: 'Not found', code: 'NOT_FOUND' });
		return { action: 'update' as const, saved: true };
	},

	duplicate: async (event) => {
		const { moderator, process, meeting } = await loadMeetingRoute(event);
		const copy = await duplicateMeeting(event.locals.services.sql, moderator.id, meeting.id, m.meet_copy_suffix());
		if (!copy) error(404, { message: 'Not found', code: 'NOT_FOUND' });
		redirect(303, `/processes/${process.id}/meetings/${copy.id}?copied=1`);
	},

	archive: async (event) => {
		const { moderator, meeting } = await loadMeetingRoute(event);
		await setMeetingArchived(event.locals.services.sql, moderator.id, meeting.id, true);
		return { action: 'archive' as const, done: true };
	},

	/** Marks a participant removed, ends their sessions and cuts their live connections. */
	removeParticipant: async (event) => {
		const { moderator, meeting } = await loadMeetingRoute(event);
		const { sql, realtime } = event.locals.services;
		const form = await event.request.formData();
		const participantId = String(form.get('participantId') ?? '');
		const removed = await removeParticipant(sql, meeting.id, participantId, moderator.id);
		if (!removed) return fail(404, { action: 'removeParticipant' as const, notFound: true as const });
		await realtime?.participantRemoved(meeting.id, participantId);
		return { action: 'removeParticipant' as const, removed: removed.displayName };
	},

	unarchive: async (event) => {
		const { moderator, meeting } = await loadMeetingRoute(event);
		await setMeetingArchived(event.locals.services.sql, moderator.id, meeting.id, false);
		return { action: 'unarchive' as const, done: true };
	}
};
