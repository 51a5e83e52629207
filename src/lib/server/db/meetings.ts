import type { Phase as MeetingPhase } from '../../engine/phases';
import type { Meeting, MeetingInput } from '../../meeting';
import { randomJoinCode } from '../random-join-code';
import type { Sql } from './sql';
import { isUuid } from './uuid';

// Every query here is scoped to the moderator asking: a meeting of a process that they are not a
// moderator of (process_moderators) does not exist for them.

const columns = (sql: Sql, alias = 'm') => sql`
	${sql(alias)}.id, ${sql(alias)}.process_id, ${sql(alias)}.theme_title, ${sql(alias)}.guiding_questions,
	${sql(alias)}.starts_at, ${sql(alias)}.ends_at, ${sql(alias)}.location, ${sql(alias)}.remote_only,
	${sql(alias)}.votes_per_participant, ${sql(alias)}.max_votes_per_item, ${sql(alias)}.notes_private_until_reveal,
	${sql(alias)}.who_may_group, ${sql(alias)}.anonymous_authors, ${sql(alias)}.asked_segments, ${sql(alias)}.join_code, ${sql(alias)}.phase,
	${sql(alias)}.created_at, ${sql(alias)}.updated_at, ${sql(alias)}.archived_at, ${sql(alias)}.closed_at,
	(select count(*)::int from participants p where p.meeting_id = ${sql(alias)}.id and p.removed_at is null) as participant_count,
	(select count(*)::int from notes n where n.meeting_id = ${sql(alias)}.id
		and not exists (select 1 from note_moderation nm where nm.meeting_id = n.meeting_id and nm.note_id = n.id)) as idea_count,
	(select count(*)::int from votes v join participants p on p.id = v.participant_id
		where v.meeting_id = ${sql(alias)}.id and p.removed_at is null) as vote_count`;

/** How often a new join code is drawn again when it is taken (at 44 bits, practically never). */
const JOIN_CODE_ATTEMPTS = 5;

function isJoinCodeTaken(error: unknown): boolean {
	const e = error as { code?: string; constraint_name?: string };
	return e?.code === '23505' && e.constraint_name === 'meetings_join_code_key';
}

/**
 * Inserts a meeting with a fresh join code, drawing again if the code is taken. No authorisation:
 * callers check the process first (createMeeting) or are the operator (the demo seed). With a
 * `demoKey` that already exists in the process, nothing is inserted and null is returned.
 */
export async function insertMeeting(
	sql: Sql,
	processId: string,
	input: MeetingInput,
	{ demoKey = null, newJoinCode = randomJoinCode }: { demoKey?: string | null; newJoinCode?: () => string } = {}
): Promise<Meeting | null> {
	for (let attempt = 1; ; attempt++) {
		try {
			const [row] = await sql<Meeting[]>`
				insert into meetings (
					process_id, theme_title, guiding_questions, starts_at, ends_at, location, remote_only,
					votes_per_participant, max_votes_per_item, notes_private_until_reveal, who_may_group,
					anonymous_authors, asked_segments, join_code, demo_key)
				values (
					${processId}, ${input.themeTitle}, ${input.guidingQuestions}::text[], ${input.startsAt}, ${input.endsAt},
					${input.location}, ${input.remoteOnly}, ${input.votesPerParticipant}, ${input.maxVotesPerItem},
					${input.notesPrivateUntilReveal}, ${input.whoMayGroup}, ${input.anonymousAuthors}, ${input.askedSegments}::text[], ${newJoinCode()},
					${demoKey})
				${demoKey ? sql`on conflict (process_id, demo_key) do nothing` : sql``}
				returning ${columns(sql, 'meetings')}`;
			return row ?? null;
		} catch (error) {
			if (!isJoinCodeTaken(error) || attempt >= JOIN_CODE_ATTEMPTS) throw error;
		}
	}
}

/** Whether the moderator is a moderator of the process. */
async function mayModerate(sql: Sql, moderatorId: string, processId: string): Promise<boolean> {
	if (!isUuid(processId)) return false;
	const [row] = await sql`
		select 1 from process_moderators where process_id = ${processId} and moderator_id = ${moderatorId}`;
	return Boolean(row);
}

/** Creates a meeting in a process; null when the moderator may not see the process. */
export async function createMeeting(
	sql: Sql,
	moderatorId: string,
	processId: string,
	input: MeetingInput
): Promise<Meeting | null> {
	if (!(await mayModerate(sql, moderatorId, processId))) return null;
	return insertMeeting(sql, processId, input);
}

export interface MeetingListOptions {
	includeArchived?: boolean;
	/** Only meetings in these phases (all when absent). */
	phases?: readonly MeetingPhase[];
	/** A page of the list: at most `limit` meetings after skipping `offset` (all when absent). */
	limit?: number;
	offset?: number;
}

/**
 * A process's meetings in date order (undated ones last); archived ones only when asked for,
 * optionally only some phases and one page of them, with the total the filter matches.
 * Null when the moderator may not see the process.
 */
export async function listMeetingPage(
	sql: Sql,
	moderatorId: string,
	processId: string,
	{ includeArchived = false, phases, limit, offset = 0 }: MeetingListOptions = {}
): Promise<{ meetings: Meeting[]; total: number } | null> {
	if (!(await mayModerate(sql, moderatorId, processId))) return null;
	const filter = sql`m.process_id = ${processId} ${includeArchived ? sql`` : sql`and m.archived_at is null`}
		${phases?.length ? sql`and m.phase in ${sql(phases as MeetingPhase[])}` : sql``}`;
	const meetings = await sql<Meeting[]>`
		select ${columns(sql)}
		from meetings m
		where ${filter}
		order by m.starts_at nulls last, m.created_at, m.theme_title, m.id
		${limit === undefined ? sql`` : sql`limit ${limit}`} offset ${offset}`;
	const [{ total }] = await sql<{ total: number }[]>`select count(*)::int as total from meetings m where ${filter}`;
	return { meetings, total };
}

/**
 * A process's meetings in date order (undated ones last); archived ones only when asked for.
 * Null when the moderator may not see the process.
 */
export async function listMeetings(
	sql: Sql,
	moderatorId: string,
	processId: string,
	{ includeArchived = false }: { includeArchived?: boolean } = {}
): Promise<Meeting[] | null> {
	return (await listMeetingPage(sql, moderatorId, processId, { includeArchived }))?.meetings ?? null;
}

/** One meeting, or null when it does not exist or belongs to a process the moderator may not see. */
export async function getMeeting(sql: Sql, moderatorId: string, meetingId: string): Promise<Meeting | null> {
	if (!isUuid(meetingId)) return null;
	const [row] = await sql<Meeting[]>`
		select ${columns(sql)}
		from meetings m
		join process_moderators pm on pm.process_id = m.process_id and pm.moderator_id = ${moderatorId}
		where m.id = ${meetingId}`;
	return row ?? null;
}

export type UpdateMeetingResult = { ok: true; meeting: Meeting } | { ok: false; code: 'NOT_FOUND' | 'MEETING_CLOSED' };

/**
 * Replaces a meeting's theme, questions, time, place and settings. A closed meeting's settings
 * are frozen: its theme input is final, and what it was run with is part of that record.
 */
export async function updateMeeting(
	sql: Sql,
	moderatorId: string,
	meetingId: string,
	input: MeetingInput
): Promise<UpdateMeetingResult> {
	if (!isUuid(meetingId)) return { ok: false, code: 'NOT_FOUND' };
	// One statement: the phase is judged on the row it changes (a close in between is seen).
	const [row] = await sql<(Meeting & { frozen: boolean })[]>`
		with target as (
			select m.id, m.phase = 'closed' as frozen from meetings m
			join process_moderators pm on pm.process_id = m.process_id and pm.moderator_id = ${moderatorId}
			where m.id = ${meetingId}
			for update of m
		), changed as (
			update meetings m
			set theme_title = ${input.themeTitle}, guiding_questions = ${input.guidingQuestions}::text[],
				starts_at = ${input.startsAt}, ends_at = ${input.endsAt}, location = ${input.location},
				remote_only = ${input.remoteOnly}, votes_per_participant = ${input.votesPerParticipant},
				max_votes_per_item = ${input.maxVotesPerItem}, notes_private_until_reveal = ${input.notesPrivateUntilReveal},
				who_may_group = ${input.whoMayGroup}, anonymous_authors = ${input.anonymousAuthors},
				asked_segments = ${input.askedSegments}::text[], updated_at = now()
			from target t
			where m.id = t.id and not t.frozen
			returning m.id
		)
		select t.frozen, (select count(*) from changed) as changed from target t`;
	if (!row) return { ok: false, code: 'NOT_FOUND' };
	if (row.frozen) return { ok: false, code: 'MEETING_CLOSED' };
	const meeting = await getMeeting(sql, moderatorId, meetingId);
	return meeting ? { ok: true, meeting } : { ok: false, code: 'NOT_FOUND' };
}

/**
 * A new meeting in the same process as a template of another: theme (with `titleSuffix`, e.g.
 * " (kopia)"), questions, place and settings; a new join code, no date, back in draft.
 */
export async function duplicateMeeting(
	sql: Sql,
	moderatorId: string,
	meetingId: string,
	titleSuffix: string
): Promise<Meeting | null> {
	const source = await getMeeting(sql, moderatorId, meetingId);
	if (!source) return null;
	const maxBase = 200 - titleSuffix.length;
	const themeTitle = (source.themeTitle.length > maxBase ? source.themeTitle.slice(0, maxBase).trimEnd() : source.themeTitle) + titleSuffix;
	return insertMeeting(sql, source.processId, {
		themeTitle,
		guidingQuestions: source.guidingQuestions,
		startsAt: null,
		endsAt: null,
		location: source.location,
		remoteOnly: source.remoteOnly,
		votesPerParticipant: source.votesPerParticipant,
		maxVotesPerItem: source.maxVotesPerItem,
		notesPrivateUntilReveal: source.notesPrivateUntilReveal,
		whoMayGroup: source.whoMayGroup,
		anonymousAuthors: source.anonymousAuthors,
		askedSegments: source.askedSegments
	});
}

/** Archives or restores a meeting; null when not visible. Archiving again keeps the first date. */
export async function setMeetingArchived(
	sql: Sql,
	moderatorId: string,
	meetingId: string,
	archived: boolean
): Promise<Meeting | null> {
	if (!isUuid(meetingId)) return null;
	const [row] = await sql<Meeting[]>`
		update meetings m
		set archived_at = ${archived ? sql`coalesce(m.archived_at, now())` : null},
			archived_by = ${archived ? sql`coalesce(m.archived_by, ${moderatorId}::uuid)` : null},
			updated_at = now()
		from process_moderators pm
		where m.id = ${meetingId} and pm.process_id = m.process_id and pm.moderator_id = ${moderatorId}
		returning ${columns(sql)}`;
	return row ?? null;
}
