import { error } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { isUuid } from '$lib/server/db/uuid';
import { loadFollowUpPage } from '$lib/server/follow-up/page';
import type { PageServerLoad } from './$types';

// The public follow-up of a whole process: every closed meeting whose statuses are published.
// No participant highlighting here (a browser's cookies are per meeting; the meeting pages do it).
export const csr = false;

export const load: PageServerLoad = async (event) => {
	const { sql } = event.locals.services;
	const processId = event.params.processId;
	if (!isUuid(processId)) error(404, { message: m.fu_page_not_found(), code: 'not_found' });
	const [process] = await sql<{ id: string; title: string; ownerOrganisation: string }[]>`
		select id, title, owner_organisation from processes where id = ${processId} and archived_at is null`;
	if (!process) error(404, { message: m.fu_page_not_found(), code: 'not_found' });
	const meetings = await sql<{ id: string; joinCode: string }[]>`
		select m.id, m.join_code from meetings m
		where m.process_id = ${processId} and m.phase = 'closed' and m.archived_at is null
		  and exists (select 1 from follow_up_publications p where p.meeting_id = m.id)
		order by m.starts_at nulls last, m.created_at`;
	const locale = getLocale() === 'en' ? 'en' : 'sv';
	const pages = [];
	for (const meeting of meetings) {
		const page = await loadFollowUpPage(sql, meeting.id, locale, null);
		if (page) pages.push({ code: meeting.joinCode, page });
	}
	return { process, meetings: pages };
};
