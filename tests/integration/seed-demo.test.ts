import { describe, expect, it } from 'vitest';
import { instantToLocal } from '../../src/lib/meeting-time';
import { createModerator } from '../../src/lib/server/auth/moderators';
import { cliOnApp } from './cli';
import { startTestApp, type TestApp, useTestApp } from './harness';

const DEMO_TITLE = 'Regional utvecklingsstrategi 2020–2040 – dialogprocess';
const DEMO_MEETINGS = [
	['2018-11-07', 'Framtidens arbetsmarknad och kompetensförsörjning'],
	['2018-11-15', 'Framtidens hållbara samhällen'],
	['2018-11-21', 'Framtidens näringsliv och entreprenörskap'],
	['2018-11-22', 'Framtidens innovativa region'],
	['2018-11-27', 'Framtidens mobilitet och transportinfrastruktur'],
	['2018-11-29', 'Framtidens fritid och civilsamhälle'],
	['2018-12-05', 'Framtidens hälsa och social välfärd'],
	['2018-12-06', 'Framtidens kulturliv'],
	['2018-12-11', 'Framtidens digitala region']
];

async function demoState(app: TestApp) {
	const processes = await app.sql<{ id: string; title: string; ownerOrganisation: string }[]>`
		select id, title, owner_organisation from processes where title = ${DEMO_TITLE}`;
	const meetings = processes.length
		? await app.sql<{ themeTitle: string; startsAt: Date; endsAt: Date; guidingQuestions: string[]; location: string; remoteOnly: boolean }[]>`
				select theme_title, starts_at, ends_at, guiding_questions, location, remote_only
				from meetings where process_id = ${processes[0].id} order by starts_at`
		: [];
	return { processes, meetings };
}

describe('the demo process', () => {
	const app = useTestApp();

	it('seeding twice gives exactly one demo process with its nine meetings on the right Stockholm dates', async () => {
		const anna = await createModerator(app.sql, { email: 'anna@region.example', name: 'Anna', password: 'a long enough passphrase' });
		const bertil = await createModerator(app.sql, { email: 'bertil@region.example', name: 'Bertil', password: 'a long enough passphrase' });
		if (!anna.ok || !bertil.ok) throw new Error('moderators');

		const first = await cliOnApp(app, ['seed-demo', '--owner', 'anna@region.example']);
		expect(first.code, first.output).toBe(0);
		expect(first.output).toContain('with 9 meetings (9 new)');
		const second = await cliOnApp(app, ['seed-demo']);
		expect(second.code, second.output).toBe(0);
		expect(second.output).toContain('with 9 meetings (0 new)');

		const { processes, meetings } = await demoState(app);
		expect(processes).toHaveLength(1);
		expect(processes[0].ownerOrganisation).toBe('Region Västerbotten');
		expect(meetings.map((m) => [instantToLocal(m.startsAt).date, m.themeTitle])).toEqual(DEMO_MEETINGS);
		for (const meeting of meetings) {
			expect(instantToLocal(meeting.startsAt).time).toBe('09:00');
			expect(instantToLocal(meeting.endsAt).time).toBe('12:00');
			expect(meeting.guidingQuestions).toHaveLength(3);
			expect(meeting.location).toContain('Umeå');
			expect(meeting.remoteOnly).toBe(false);
		}
		// 09:00 in Stockholm in November is 08:00 UTC.
		expect(meetings[0].startsAt.toISOString()).toBe('2018-11-07T08:00:00.000Z');

		const roles = await app.sql<{ email: string; role: string }[]>`
			select m.email, pm.role from process_moderators pm join moderators m on m.id = pm.moderator_id
			where pm.process_id = ${processes[0].id} order by m.email`;
		expect(roles).toEqual([
			{ email: 'anna@region.example', role: 'owner' },
			{ email: 'bertil@region.example', role: 'moderator' }
		]);
	});

	it('an unknown --owner is refused and creates nothing', async () => {
		const other = await startTestApp();
		try {
			const result = await cliOnApp(other, ['seed-demo', '--owner', 'nobody@region.example']);
			expect(result.code).toBe(1);
			expect(result.output).toContain('There is no moderator with the e-mail address nobody@region.example');
			expect((await demoState(other)).processes).toEqual([]);
		} finally {
			await other.close();
		}
	});

	it('SAMLA_SEED_DEMO=1 seeds it when Samla starts', async () => {
		const seeded = await startTestApp({ SAMLA_SEED_DEMO: '1' });
		try {
			const { processes, meetings } = await demoState(seeded);
			expect(processes).toHaveLength(1);
			expect(meetings).toHaveLength(9);
		} finally {
			await seeded.close();
		}
	});
});
