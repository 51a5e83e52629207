import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { meetingInputSchema, WHO_MAY_GROUP } from '../../src/lib/meeting';
import { isLocalDate, isLocalTime, localToInstant } from '../../src/lib/meeting-time';
import { insertMeeting } from '../../src/lib/server/db/meetings';
import type { Sql } from '../../src/lib/server/db/sql';
import { samlaFile } from '../../src/lib/server/root';

/** The demo process of the first user: the nine themed meetings of Region Västerbotten's RUS dialogue. */
export const DEMO_PROCESS_FILE = samlaFile('server/seed/demo-process.json');

const localDate = z.string().refine(isLocalDate, 'a date YYYY-MM-DD');
const localTime = z.string().refine(isLocalTime, 'a time HH:MM');
const settings = {
	startTime: localTime,
	endTime: localTime,
	location: z.string(),
	remoteOnly: z.boolean(),
	votesPerParticipant: z.int(),
	maxVotesPerItem: z.int(),
	notesPrivateUntilReveal: z.boolean(),
	whoMayGroup: z.enum(WHO_MAY_GROUP),
	anonymousAuthors: z.boolean()
};

const demoFileSchema = z.strictObject({
	demoKey: z.string().min(1),
	title: z.string().min(1),
	ownerOrganisation: z.string(),
	description: z.string(),
	timeZone: z.string().min(1),
	meetingDefaults: z.strictObject(settings),
	meetings: z
		.array(
			z.strictObject({
				key: z.string().min(1),
				date: localDate,
				themeTitle: z.string().min(1),
				guidingQuestions: z.array(z.string()),
				...z.object(settings).partial().shape
			})
		)
		.min(1)
});

export type DemoProcess = z.infer<typeof demoFileSchema>;

/** Reads and checks the demo data file; a broken file is a bug and throws with the problems named. */
export async function readDemoProcess(file: URL | string = DEMO_PROCESS_FILE): Promise<DemoProcess> {
	const parsed = demoFileSchema.safeParse(JSON.parse(await readFile(file, 'utf8')));
	if (!parsed.success) throw new Error(`The demo data file ${file} is invalid: ${z.prettifyError(parsed.error)}`);
	return parsed.data;
}

export type SeedDemoResult =
	| {
			ok: true;
			processId: string;
			title: string;
			processCreated: boolean;
			meetingsCreated: number;
			meetings: number;
			/** Moderators who were given access by this run. */
			moderatorsAdded: number;
	  }
	| { ok: false; code: 'UNKNOWN_OWNER' };

/**
 * Creates the demo process and its meetings, once: running it again adds only what is missing
 * (processes.demo_key, meetings (process_id, demo_key)) and never overwrites moderators' edits.
 * With `ownerEmail`, that moderator becomes an owner; without it, every existing moderator
 * becomes a moderator of it, so that it is visible to them.
 */
export async function seedDemo(
	sql: Sql,
	{ ownerEmail, data }: { ownerEmail?: string; data?: DemoProcess } = {}
): Promise<SeedDemoResult> {
	const demo = data ?? (await readDemoProcess());

	let owner: { id: string } | undefined;
	if (ownerEmail !== undefined) {
		[owner] = await sql<{ id: string }[]>`select id from moderators where lower(email) = ${ownerEmail.trim().toLowerCase()}`;
		if (!owner) return { ok: false, code: 'UNKNOWN_OWNER' };
	}

	const [inserted] = await sql<{ id: string }[]>`
		insert into processes (title, description, owner_organisation, demo_key)
		values (${demo.title}, ${demo.description}, ${demo.ownerOrganisation}, ${demo.demoKey})
		on conflict (demo_key) do nothing
		returning id`;
	const [process] = inserted
		? [inserted]
		: await sql<{ id: string }[]>`select id from processes where demo_key = ${demo.demoKey}`;

	let meetingsCreated = 0;
	for (const meeting of demo.meetings) {
		const s = { ...demo.meetingDefaults, ...meeting };
		const input = meetingInputSchema.parse({
			themeTitle: s.themeTitle,
			guidingQuestions: s.guidingQuestions,
			startsAt: localToInstant(s.date, s.startTime, demo.timeZone),
			endsAt: localToInstant(s.date, s.endTime, demo.timeZone),
			location: s.location,
			remoteOnly: s.remoteOnly,
			votesPerParticipant: s.votesPerParticipant,
			maxVotesPerItem: s.maxVotesPerItem,
			notesPrivateUntilReveal: s.notesPrivateUntilReveal,
			whoMayGroup: s.whoMayGroup,
			anonymousAuthors: s.anonymousAuthors
		});
		if (await insertMeeting(sql, process.id, input, { demoKey: meeting.key })) meetingsCreated++;
	}

	const added = owner
		? await sql`
			insert into process_moderators (process_id, moderator_id, role) values (${process.id}, ${owner.id}, 'owner')
			on conflict (process_id, moderator_id) do update set role = 'owner' where process_moderators.role <> 'owner'`
		: await sql`
			insert into process_moderators (process_id, moderator_id, role)
			select ${process.id}, id, 'moderator' from moderators
			on conflict do nothing`;

	const [{ count }] = await sql<{ count: number }[]>`
		select count(*)::int as count from meetings where process_id = ${process.id} and demo_key is not null`;
	return {
		ok: true,
		processId: process.id,
		title: demo.title,
		processCreated: Boolean(inserted),
		meetingsCreated,
		meetings: count,
		moderatorsAdded: added.count
	};
}
