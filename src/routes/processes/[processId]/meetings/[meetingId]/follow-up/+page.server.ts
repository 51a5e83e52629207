import { error, fail } from '@sveltejs/kit';
import { PRIORITY_STATUSES, priorityStatusInputSchema } from '$lib/follow-up/status';
import { getLocale } from '$lib/paraglide/runtime';
import { followUpUrl, publicationMail } from '$lib/server/follow-up/mail';
import { followUpHistory, subscriberCount } from '$lib/server/follow-up/read';
import { publishFollowUp, setPriorityStatus } from '$lib/server/follow-up/statuses';
import { loadMeetingRoute } from '$lib/server/meeting-route';
import { exportOptions } from '$lib/server/theme-input/downloads';
import { loadThemeInput } from '$lib/server/theme-input/export';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { process, meeting } = await loadMeetingRoute(event);
	const { sql } = event.locals.services;
	const closed = meeting.phase === 'closed';
	const data = closed ? await loadThemeInput(sql, meeting.id, exportOptions(getLocale() === 'en' ? 'en' : 'sv', true)) : null;
	return {
		process: { id: process.id, title: process.title },
		meeting: { id: meeting.id, themeTitle: meeting.themeTitle, closed },
		priorities: (data?.clusters ?? [])
			.filter((c) => c.rank !== null)
			.map((c) => ({ id: c.id, title: c.title, rank: c.rank!, isTop: c.isTop, followUp: c.followUp })),
		publishedAt: data?.followUp.publishedAt ?? null,
		publicUrl: followUpUrl(event.url.origin, meeting.joinCode),
		subscribers: closed ? await subscriberCount(sql, meeting.id) : 0,
		history: closed ? await followUpHistory(sql, meeting.id) : []
	};
};

export const actions: Actions = {
	/** Sets the status of one priority (form fields clusterId, status, reason, link). */
	setStatus: async (event) => {
		const { moderator, meeting } = await loadMeetingRoute(event);
		const form = await event.request.formData();
		const clusterId = String(form.get('clusterId') ?? '');
		const values = { status: String(form.get('status') ?? ''), reason: String(form.get('reason') ?? ''), link: String(form.get('link') ?? '') };
		const parsed = priorityStatusInputSchema.safeParse(values);
		if (!parsed.success) {
			const fields = new Set(parsed.error.issues.map((i) => String(i.path[0])));
			const problems = {
				status: fields.has('status') || !PRIORITY_STATUSES.includes(values.status as never),
				reason: fields.has('reason'),
				link: fields.has('link')
			};
			return fail(400, { action: 'setStatus' as const, clusterId, values, problems });
		}
		const result = await setPriorityStatus(event.locals.services.sql, moderator.id, meeting.id, clusterId, parsed.data);
		if (!result.ok) {
			if (result.code === 'NOT_FOUND') error(404, { message: 'Not found', code: 'NOT_FOUND' });
			return fail(409, { action: 'setStatus' as const, clusterId, values, refused: result.code });
		}
		return { action: 'setStatus' as const, clusterId, saved: true as const };
	},

	/** Publishes the statuses: the public page shows them, and everyone who asked is told once. */
	publish: async (event) => {
		const { moderator, meeting } = await loadMeetingRoute(event);
		const { sql, mailer } = event.locals.services;
		const mail = publicationMail(meeting.themeTitle, followUpUrl(event.url.origin, meeting.joinCode));
		const result = await publishFollowUp(sql, moderator.id, meeting.id, mail);
		if (!result.ok) {
			if (result.code === 'NOT_FOUND') error(404, { message: 'Not found', code: 'NOT_FOUND' });
			return fail(409, { action: 'publish' as const, refused: result.code });
		}
		mailer?.wake();
		return { action: 'publish' as const, published: true as const, recipients: result.recipients };
	}
};
