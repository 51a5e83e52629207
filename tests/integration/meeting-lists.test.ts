import { beforeAll, describe, expect, it } from 'vitest';
import { createSession } from '../../src/lib/server/auth/session';
import { arrangeClosedMeeting, apiRequest, type ClosedMeeting } from './follow-up-fixtures';
import { useTestApp } from './harness';

// Issue 12, point 6: lists carry closedAt and counts, filter meetings by phase and come a page at
// a time; a closed meeting's settings are frozen, through the API and through the settings form.

type Page = { total: number; limit: number; offset: number; nextOffset: number | null };
type MeetingJson = { id: string; themeTitle: string; phase: string; closedAt: string | null; counts: { participants: number; ideas: number; votes: number }; location: string };

describe('meeting and process lists, and a closed meeting’s frozen settings (issue 12)', () => {
	const app = useTestApp();
	let closed: ClosedMeeting;
	const drafts: string[] = [];

	const get = async <T>(path: string) => {
		const response = await apiRequest(app, 'GET', path, closed.token);
		return { status: response.status, body: (await response.json()) as T };
	};

	beforeAll(async () => {
		closed = await arrangeClosedMeeting(app);
		for (const themeTitle of ['Kulturliv', 'Hälsa', 'Mobilitet']) {
			const response = await apiRequest(app, 'POST', `/processes/${closed.processId}/meetings`, closed.token, { themeTitle, startsAt: '2030-01-01T09:00:00+01:00' });
			drafts.push(((await response.json()) as { meeting: { id: string } }).meeting.id);
		}
	}, 60_000);

	it('a closed meeting in a list has its closedAt and counts; the phase filter and pages cover the list exactly once', async () => {
		const all = await get<{ meetings: MeetingJson[] } & Page>(`/processes/${closed.processId}/meetings`);
		expect(all.status).toBe(200);
		expect(all.body).toMatchObject({ total: 4, offset: 0, nextOffset: null });
		const done = all.body.meetings.find((m) => m.id === closed.meeting.id)!;
		expect(done.phase).toBe('closed');
		expect(Date.parse(done.closedAt!)).not.toBeNaN();
		const [counted] = await app.sql<{ participants: number; ideas: number; votes: number }[]>`
			select (select count(*)::int from participants where meeting_id = ${closed.meeting.id} and removed_at is null) as participants,
			       (select count(*)::int from theme_ideas where meeting_id = ${closed.meeting.id} and merged_into is null) as ideas,
			       (select count(*)::int from votes where meeting_id = ${closed.meeting.id}) as votes`;
		expect(done.counts).toEqual({ ...counted });
		expect(done.counts.participants).toBeGreaterThan(0);
		for (const draft of all.body.meetings.filter((m) => m.id !== closed.meeting.id)) {
			expect(draft).toMatchObject({ phase: 'draft', closedAt: null, counts: { participants: 0, ideas: 0, votes: 0 } });
		}

		const onlyClosed = await get<{ meetings: MeetingJson[] } & Page>(`/processes/${closed.processId}/meetings?phase=closed`);
		expect(onlyClosed.body.meetings.map((m) => m.id)).toEqual([closed.meeting.id]);
		expect(onlyClosed.body.total).toBe(1);
		const both = await get<{ meetings: MeetingJson[] } & Page>(`/processes/${closed.processId}/meetings?phase=draft&phase=closed`);
		expect(both.body.total).toBe(4);

		const seen: string[] = [];
		let offset: number | null = 0;
		while (offset !== null) {
			const page: { body: { meetings: MeetingJson[] } & Page } = await get(`/processes/${closed.processId}/meetings?limit=3&offset=${offset}`);
			expect(page.body.meetings.length).toBeLessThanOrEqual(3);
			seen.push(...page.body.meetings.map((m) => m.id));
			offset = page.body.nextOffset;
		}
		expect(seen).toEqual(all.body.meetings.map((m) => m.id));

		for (const query of ['phase=over', 'limit=0', 'limit=501', 'offset=x', 'order=asc']) {
			const bad = await get<{ code: string; fields: Record<string, string> }>(`/processes/${closed.processId}/meetings?${query}`);
			expect(bad.status, query).toBe(400);
			expect(bad.body.code).toBe('VALIDATION');
		}

		const processes = await get<{ processes: { id: string; meetingCount: number; closedMeetingCount: number; participantCount: number }[] } & Page>('/processes?limit=1');
		expect(processes.body).toMatchObject({ total: 1, limit: 1, nextOffset: null });
		expect(processes.body.processes[0]).toMatchObject({ id: closed.processId, meetingCount: 4, closedMeetingCount: 1, participantCount: counted.participants });
	});

	it('refuses to change a closed meeting’s settings, through the API and the form, and changes nothing', async () => {
		const [before] = await app.sql`select theme_title, location, votes_per_participant, updated_at from meetings where id = ${closed.meeting.id}`;
		const patched = await apiRequest(app, 'PATCH', `/meetings/${closed.meeting.id}`, closed.token, { location: 'Skellefteå', votesPerParticipant: 9 });
		expect(patched.status).toBe(409);
		expect(await patched.json()).toMatchObject({ code: 'MEETING_CLOSED', message: expect.any(String) });

		const browser = await createSession(app.sql, closed.moderatorId);
		const form = await fetch(`${app.url}/processes/${closed.processId}/meetings/${closed.meeting.id}?/update`, {
			method: 'POST',
			redirect: 'manual',
			headers: { cookie: `samla_session=${browser.token}`, origin: app.url, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams({ themeTitle: 'Kapad', votesPerParticipant: '9', maxVotesPerItem: '3', whoMayGroup: 'moderators' }).toString()
		});
		expect(form.status).toBe(409);
		expect(await form.text()).toContain('mötet är avslutat');
		const [after] = await app.sql`select theme_title, location, votes_per_participant, updated_at from meetings where id = ${closed.meeting.id}`;
		expect(after).toEqual(before);

		// The page shows the settings as frozen, with no form to change them.
		const page = await (await fetch(`${app.url}/processes/${closed.processId}/meetings/${closed.meeting.id}`, { headers: { cookie: `samla_session=${browser.token}` } })).text();
		expect(page).toContain('Inställningarna kan inte ändras längre');
		expect(page).not.toContain('action="?/update"');

		// An open meeting still takes changes.
		const open = await apiRequest(app, 'PATCH', `/meetings/${drafts[0]}`, closed.token, { location: 'Skellefteå' });
		expect(open.status).toBe(200);
	});
});
