import { error, fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { checkParticipantSegments, type ParticipantProblems } from '$lib/participant-join';
import { listMunicipalities, listSectors } from '$lib/server/db/reference';
import { referenceProblems, updateParticipantSegments } from '$lib/server/db/participants';
import { notifyEmailSchema, subscribe } from '$lib/server/follow-up/subscriptions';
import { lookUpJoinCode } from '$lib/server/join-lookup';
import { joinAttemptSource } from '$lib/server/join-source';
import { currentParticipant } from '$lib/server/participants';
import type { Actions, PageServerLoad } from './$types';

// The join form's second, skippable step (issue 8): the optional details the meeting asks
// (organisation, sector, municipality; the moderator chooses which) and an e-mail address to be
// told when the statuses of the meeting's priorities are published (issue 13). Only for a browser
// that has just become — or already is — a participant of the meeting.

/** The meeting of the code and this browser's participant in it; anything else leads back to step one. */
async function joined(event: RequestEvent) {
	const { sql } = event.locals.services;
	const result = await lookUpJoinCode(sql, joinAttemptSource(event), event.params.code ?? '');
	if (!result.ok) {
		if (result.reason === 'throttled') error(429, { message: m.pages_join_error_throttled({ minutes: Math.ceil(result.retryAfterSeconds / 60) }), code: 'throttled' });
		redirect(303, `/join/${encodeURIComponent(event.params.code ?? '')}`);
	}
	const { meeting, code } = result;
	if (meeting.phase === 'closed') redirect(303, `/follow-up/${code}`);
	const session = await currentParticipant(sql, event.cookies, meeting.id, event.url.protocol === 'https:');
	if (!session) redirect(303, `/join/${code}`);
	return { meeting, code, session };
}

export const load: PageServerLoad = async (event) => {
	const { sql } = event.locals.services;
	const { meeting, code, session } = await joined(event);
	const asked = meeting.askedSegments;
	const [current] = await sql<{ organisation: string; sectorCode: string | null; municipalityCode: string | null }[]>`
		select organisation, sector_code, municipality_code from participants where id = ${session.principal.id}`;
	return {
		code,
		meeting: { id: meeting.id, themeTitle: meeting.themeTitle },
		displayName: session.principal.name,
		askedSegments: asked,
		values: { organisation: current?.organisation ?? '', sectorCode: current?.sectorCode ?? '', municipalityCode: current?.municipalityCode ?? '', email: '' },
		sectors: asked.includes('sector') ? await listSectors(sql, getLocale() === 'en' ? 'en' : 'sv') : [],
		municipalities: asked.includes('municipality') ? await listMunicipalities(sql) : []
	};
};

export type DetailsProblems = ParticipantProblems & { email?: 'INVALID_EMAIL' | 'PURGED' };

export const actions: Actions = {
	default: async (event) => {
		const { sql } = event.locals.services;
		const { meeting, session } = await joined(event);
		const form = await event.request.formData();
		const field = (name: string) => {
			const value = form.get(name);
			return typeof value === 'string' ? value : '';
		};
		const values = { organisation: field('organisation'), sectorCode: field('sectorCode'), municipalityCode: field('municipalityCode'), email: field('email') };

		// Everything is checked before anything is kept: a refusal changes nothing.
		const problems: DetailsProblems = {};
		const segments = checkParticipantSegments(values, meeting.askedSegments);
		if (!segments.ok) Object.assign(problems, segments.problems);
		else Object.assign(problems, await referenceProblems(sql, segments.segments));
		const email = values.email.trim();
		if (email && !notifyEmailSchema.safeParse(email).success) problems.email = 'INVALID_EMAIL';
		if (Object.keys(problems).length || !segments.ok) return fail(400, { values, problems });

		const updated = await updateParticipantSegments(sql, session.principal.id, segments.segments);
		if (!updated.ok) {
			if (updated.code === 'NOT_PARTICIPANT') redirect(303, `/join/${event.params.code}`);
			return fail(400, { values, problems: updated.problems as DetailsProblems });
		}
		if (email) {
			// The address goes where the board's "notify me" puts it: apart from the participant and the ideas.
			const subscribed = await subscribe(sql, meeting.id, email);
			if (!subscribed.ok) return fail(400, { values, problems: { email: subscribed.code } as DetailsProblems });
		}
		redirect(303, `/m/${meeting.id}`);
	}
};
