import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { CSV_COLUMNS } from '../../src/lib/theme-input/csv';
import type { ThemeInputExport } from '../../src/lib/theme-input/schema';
import { apiRequest, arrangeClosedMeeting, type ClosedMeeting } from './follow-up-fixtures';
import { useTestApp } from './harness';
import { signedInModerator } from './moderator-fixtures';

// Issue 13, point 1: the process owner's status of each priority after the meeting closes.

describe('priority statuses', () => {
	const app = useTestApp();
	let closed: ClosedMeeting;
	const statusPath = (clusterId: string) => `/meetings/${closed.meeting.id}/priorities/${clusterId}/status`;
	const statuses = () => app.sql`select cluster_id, status, reason, link from priority_statuses where meeting_id = ${closed.meeting.id} order by cluster_id`;

	beforeAll(async () => {
		closed = await arrangeClosedMeeting(app);
	}, 60_000);

	it('the owner sets a status with a public reason and a link, and the change is in the audit log', async () => {
		const [trains, fibre] = closed.run.clusterIds;
		const first = await apiRequest(app, 'PUT', statusPath(trains), closed.token, { status: 'partly', reason: 'Delvis i mål 3', link: 'https://region.example/rus#mal-3' });
		expect(first.status).toBe(200);
		const second = await apiRequest(app, 'PUT', statusPath(trains), closed.token, { status: 'in_strategy', reason: 'Mål 3: hållbara resor' });
		expect(await second.json()).toEqual({ clusterId: trains, status: 'in_strategy', reason: 'Mål 3: hållbara resor', link: null });
		expect((await apiRequest(app, 'PUT', statusPath(fibre), closed.token, { status: 'further_study', reason: 'Utreds 2027' })).status).toBe(200);

		const audit = await app.sql<{ action: string; moderatorId: string; details: Record<string, unknown> }[]>`
			select action, moderator_id, details from audit_log where meeting_id = ${closed.meeting.id} and action = 'priority_status_set' order by id`;
		expect(audit).toHaveLength(3);
		expect(audit[1]).toEqual({
			action: 'priority_status_set',
			moderatorId: closed.moderatorId,
			details: {
				clusterId: trains,
				status: 'in_strategy',
				reason: 'Mål 3: hållbara resor',
				link: '',
				previous: { status: 'partly', reason: 'Delvis i mål 3', link: 'https://region.example/rus#mal-3' }
			}
		});
	});

	it('bad input, a cluster that is not a priority, a participant and another process’s moderator change nothing', async () => {
		const before = await statuses();
		const [trains] = closed.run.clusterIds;
		const refused = [
			[await apiRequest(app, 'PUT', statusPath(trains), closed.token, { status: 'done', reason: 'x' }), 400, 'VALIDATION'],
			[await apiRequest(app, 'PUT', statusPath(trains), closed.token, { status: 'partly', reason: 'x', link: 'javascript:alert(1)' }), 400, 'VALIDATION'],
			[await apiRequest(app, 'PUT', statusPath(trains), closed.token, { status: 'partly', reason: '' }), 400, 'VALIDATION'],
			[await apiRequest(app, 'PUT', statusPath('c-not-on-the-board'), closed.token, { status: 'partly', reason: 'x' }), 404, 'NOT_A_PRIORITY'],
			[await apiRequest(app, 'PUT', statusPath(trains), closed.run.participants[0].token, { status: 'partly', reason: 'x' }), 401, 'UNAUTHENTICATED']
		] as const;
		for (const [response, status, code] of refused) {
			expect(response.status).toBe(status);
			expect(((await response.json()) as { code: string }).code).toBe(code);
		}
		const stranger = await signedInModerator(app, { email: 'annan@region.example', name: 'Annan', password: 'another long passphrase' });
		expect((await apiRequest(app, 'PUT', statusPath(trains), stranger.token, { status: 'partly', reason: 'x' })).status).toBe(404);
		expect((await apiRequest(app, 'POST', `/meetings/${closed.meeting.id}/follow-up/publications`, stranger.token)).status).toBe(404);
		expect(await statuses()).toEqual(before);
	});

	it('a meeting that is not closed takes no status, and nothing is published without a status', async () => {
		const created = await apiRequest(app, 'POST', `/processes/${closed.processId}/meetings`, closed.token, { themeTitle: 'Öppet möte' });
		const { meeting } = (await created.json()) as { meeting: { id: string } };
		const put = await apiRequest(app, 'PUT', `/meetings/${meeting.id}/priorities/c-1/status`, closed.token, { status: 'partly', reason: 'x' });
		expect(put.status).toBe(409);
		expect(((await put.json()) as { code: string }).code).toBe('NOT_CLOSED');
		const publish = await apiRequest(app, 'POST', `/meetings/${meeting.id}/follow-up/publications`, closed.token);
		expect(publish.status).toBe(409);
	});

	it('the statuses are in the theme input: SQL view, JSON that validates against the published schema, and CSV', async () => {
		const [trains, fibre, other] = closed.run.clusterIds;
		const view = await app.sql`select cluster_id, rank_position, status, reason, link, published_at
			from theme_input_priority_statuses where meeting_id = ${closed.meeting.id} order by rank_position nulls last`;
		expect(view.map((r) => [r.clusterId, r.rankPosition, r.status, r.link, r.publishedAt])).toEqual([
			[trains, 1, 'in_strategy', null, null],
			[fibre, 2, 'further_study', null, null],
			[other, 3, null, null, null]
		]);

		const published = await apiRequest(app, 'POST', `/meetings/${closed.meeting.id}/follow-up/publications`, closed.token);
		expect(published.status).toBe(201);
		expect(await published.json()).toMatchObject({ recipients: 0, followUpUrl: `${app.url}/follow-up/${closed.meeting.joinCode.replace(/-/g, "")}` });

		const data = (await (await apiRequest(app, 'GET', `/meetings/${closed.meeting.id}/theme-input`, closed.token)).json()) as ThemeInputExport;
		const schema = await (await fetch(`${app.url}/api/v1/schemas/theme-input.json`)).json();
		const ajv = new Ajv2020({ allErrors: true, strict: false });
		addFormats.default(ajv);
		expect(ajv.validate(schema, data), JSON.stringify(ajv.errors)).toBe(true);
		expect(data.followUp.publications).toBe(1);
		expect(data.followUp.publishedAt).not.toBeNull();
		expect(data.clusters.map((c) => c.followUp?.status ?? null)).toEqual(['in_strategy', 'further_study', null]);

		const csv = await (await apiRequest(app, 'GET', `/meetings/${closed.meeting.id}/export.csv`, closed.token)).text();
		const rows = parse(csv.replace(/^\uFEFF/, ''), { columns: true }) as Record<string, string>[];
		expect(Object.keys(rows[0])).toEqual([...CSV_COLUMNS]);
		expect(rows.find((r) => r.idea === 'Fiber till alla byar')).toMatchObject({ priority_status: 'further_study', status_reason: 'Utreds 2027' });
		const audit = await app.sql`select details from audit_log where meeting_id = ${closed.meeting.id} and action = 'follow_up_published'`;
		expect(audit).toEqual([{ details: expect.objectContaining({ statuses: 2, recipients: 0 }) }]);
	});

	it('the public follow-up page marks the reader’s own ideas only for their participant cookie, and is never cached for others', async () => {
		const code = closed.meeting.joinCode.replace(/-/g, '');
		const anna = closed.run.participants[0];
		const cookie = `samla_p_${closed.meeting.id.replace(/-/g, '')}=${anna.token}`;
		const own = await fetch(`${app.url}/follow-up/${code}`, { headers: { cookie, accept: 'text/html' } });
		expect(own.status).toBe(200);
		expect(own.headers.get('cache-control')).toBe('private, no-store');
		const ownHtml = await own.text();
		expect(ownHtml).toContain('Med i strategin');
		// Anna wrote one idea: marked once, in words.
		expect(ownHtml.match(/Din idé</g)).toHaveLength(1);
		expect(ownHtml).not.toContain('<script');
		const anonymous = await (await fetch(`${app.url}/follow-up/${code}`, { headers: { accept: 'text/html' } })).text();
		expect(anonymous).toContain('Med i strategin');
		expect(anonymous).not.toContain('Din idé');
		// Another meeting's cookie value or a forged one marks nothing.
		const forged = await (await fetch(`${app.url}/follow-up/${code}`, { headers: { cookie: `${cookie.split('=')[0]}=x.y`, accept: 'text/html' } })).text();
		expect(forged).not.toContain('Din idé');
		for (const name of closed.run.participants.map((p) => p.displayName)) expect(anonymous).not.toContain(`>${name}<`);
	});
});
