import type { Attendance, ParticipantDetails, ParticipantProblems, ParticipantSegments } from '../../participant-join';
import { createParticipantSession } from '../auth/participant-session';
import type { Sql } from './sql';
import { isUuid } from './uuid';

// Participants of a meeting: no account, a row per join, and a session bound to that row.
// Nothing here knows the client's address: none is stored.

export interface JoinedParticipant {
	id: string;
	displayName: string;
	attendance: Attendance;
}

export type InsertParticipantResult =
	| { ok: true; participant: JoinedParticipant; token: string }
	| { ok: false; code: 'VALIDATION'; problems: ParticipantProblems };

/**
 * Adds a participant to a meeting and opens their session, in one transaction: either both exist
 * or neither. Sector and municipality codes must be in the reference lists.
 */
export async function insertParticipantWithSession(
	sql: Sql,
	meetingId: string,
	details: ParticipantDetails
): Promise<InsertParticipantResult> {
	return sql.begin(async (tx) => {
		const problems = await referenceProblems(tx as unknown as Sql, details);
		if (Object.keys(problems).length) return { ok: false as const, code: 'VALIDATION' as const, problems };
		const [participant] = await tx<JoinedParticipant[]>`
			insert into participants (meeting_id, display_name, organisation, sector_code, municipality_code, attendance)
			values (${meetingId}, ${details.displayName}, ${details.organisation}, ${details.sectorCode},
			        ${details.municipalityCode}, ${details.attendance})
			returning id, display_name, attendance`;
		const { token } = await createParticipantSession(tx as unknown as Sql, participant.id);
		return { ok: true as const, participant, token };
	}) as Promise<InsertParticipantResult>;
}

/** Sector and municipality codes that are not in the reference lists. */
export async function referenceProblems(sql: Sql, segments: ParticipantSegments): Promise<ParticipantProblems> {
	const problems: ParticipantProblems = {};
	if (segments.sectorCode && !(await sql`select 1 from sectors where code = ${segments.sectorCode}`).length) {
		problems.sectorCode = 'UNKNOWN';
	}
	if (segments.municipalityCode && !(await sql`select 1 from municipalities where code = ${segments.municipalityCode}`).length) {
		problems.municipalityCode = 'UNKNOWN';
	}
	return problems;
}

/**
 * Sets the optional details of a participant who is in the meeting (the join form's second step).
 * Codes must be in the reference lists; a removed participant changes nothing (false).
 */
export async function updateParticipantSegments(
	sql: Sql,
	participantId: string,
	segments: ParticipantSegments
): Promise<{ ok: true } | { ok: false; code: 'VALIDATION'; problems: ParticipantProblems } | { ok: false; code: 'NOT_PARTICIPANT' }> {
	const problems = await referenceProblems(sql, segments);
	if (Object.keys(problems).length) return { ok: false, code: 'VALIDATION', problems };
	const updated = await sql`
		update participants
		set organisation = ${segments.organisation ?? ''}, sector_code = ${segments.sectorCode}, municipality_code = ${segments.municipalityCode}
		where id = ${participantId} and removed_at is null`;
	return updated.count ? { ok: true } : { ok: false, code: 'NOT_PARTICIPANT' };
}

/** Ends one participant session (the participant stays in the meeting, under the same name). */
export async function endParticipantSession(sql: Sql, sessionId: string): Promise<void> {
	await sql`delete from sessions where id = ${sessionId} and participant_id is not null`;
}

/** A participant as the meeting's moderators see them. */
export interface ParticipantListing {
	id: string;
	displayName: string;
	organisation: string;
	sectorName: string | null;
	municipalityName: string | null;
	attendance: Attendance;
	createdAt: Date;
	removedAt: Date | null;
}

/** Everyone who joined the meeting, in the order they joined, removed participants included. */
export async function listParticipants(sql: Sql, meetingId: string, locale: 'sv' | 'en'): Promise<ParticipantListing[]> {
	if (!isUuid(meetingId)) return [];
	return sql<ParticipantListing[]>`
		select p.id, p.display_name, p.organisation,
		       case when ${locale} = 'en' then s.name_en else s.name_sv end as sector_name,
		       mu.name as municipality_name, p.attendance, p.created_at, p.removed_at
		from participants p
		left join sectors s on s.code = p.sector_code
		left join municipalities mu on mu.code = p.municipality_code
		where p.meeting_id = ${meetingId}
		order by p.created_at, p.id`;
}

/**
 * Marks a participant of the meeting removed (by the moderator), ends all their sessions and
 * takes back their votes, in one transaction, and notes it in the meeting's audit log; the same
 * as the socket.io command participant:remove. Returns their name, or null when there is no such
 * participant in the meeting or they were removed before.
 */
export async function removeParticipant(
	sql: Sql,
	meetingId: string,
	participantId: string,
	moderatorId: string
): Promise<{ displayName: string } | null> {
	if (!isUuid(participantId) || !isUuid(meetingId)) return null;
	return sql.begin(async (tx) => {
		const [row] = await tx<{ displayName: string }[]>`
			update participants set removed_at = now(), removed_by = ${moderatorId}, votes_used = 0
			where id = ${participantId} and meeting_id = ${meetingId} and removed_at is null
			returning display_name`;
		if (!row) return null;
		await tx`delete from sessions where participant_id = ${participantId}`;
		// Their votes go with them.
		await tx`delete from votes where participant_id = ${participantId}`;
		await tx`delete from vote_tallies where participant_id = ${participantId}`;
		await tx`
			insert into audit_log (meeting_id, moderator_id, action, details)
			values (${meetingId}, ${moderatorId}, 'remove_participant', ${tx.json({ participantId })})`;
		return row;
	}) as Promise<{ displayName: string } | null>;
}
