import type { Role } from '../../protocol/authority';
import type { Sql } from '../db/sql';
import { isUuid } from '../db/uuid';
import { validateParticipantToken } from './participant-session';
import { isProjectorKey } from './projector';
import { validateSessionToken } from './session';

// Who may access a meeting, decided in one place for every way in: the socket.io handshake, the
// board's WebSocket upgrade and the HTTP routes (board page, projector page, representation, and
// the participant's own pages — join, details, notify, follow-up — through currentParticipant).
// A participant of this meeting, a moderator of its process, or the holder of its current
// projector key; nobody else. Each caller says which credentials it has, in the order they count.

/** Who is connected to a meeting, as the server knows them (never as the client claims). */
export interface Principal {
	role: Role;
	/** Participant id or moderator id. */
	id: string;
	/** The name shown to others, from the database. */
	name: string;
	attendance: 'on_site' | 'remote' | null;
}

/** A credential a request carries; empty values (a missing cookie) count as absent. */
export type Credential =
	/** A token of any kind (`?token=`, socket.io `auth.token`, a cookie): participant, moderator or projector. */
	| { kind: 'token'; token: string | null | undefined }
	/** A participant token only (the participant cookie of the meeting, a bearer token). */
	| { kind: 'participant'; token: string | null | undefined }
	/** A projector key only. */
	| { kind: 'projector'; key: string | null | undefined }
	/** A moderator whose session the request already proved (hooks.server.ts put them in `locals`). */
	| { kind: 'moderator'; moderator: { id: string; name: string } | null | undefined };

/** Access granted: who, and whether a participant session was renewed (its cookie is set again). */
export interface MeetingAccess {
	principal: Principal;
	renewed: boolean;
	/** The participant session that granted it (a participant's access only), e.g. to end it. */
	participantSessionId?: string;
}

/** The principal behind the first credential that grants access to the meeting, or null. */
export async function resolveMeetingAccess(sql: Sql, meetingId: string, credentials: readonly Credential[]): Promise<MeetingAccess | null> {
	if (!isUuid(meetingId)) return null;
	for (const credential of credentials) {
		const access = await grant(sql, meetingId, credential);
		if (access) return access;
	}
	return null;
}

async function grant(sql: Sql, meetingId: string, credential: Credential): Promise<MeetingAccess | null> {
	switch (credential.kind) {
		case 'token':
			if (!credential.token) return null;
			return (
				(await asParticipant(sql, meetingId, credential.token)) ??
				(await asSignedInModerator(sql, meetingId, credential.token)) ??
				(await asProjector(sql, meetingId, credential.token))
			);
		case 'participant':
			return credential.token ? asParticipant(sql, meetingId, credential.token) : null;
		case 'projector':
			return credential.key ? asProjector(sql, meetingId, credential.key) : null;
		case 'moderator': {
			const { moderator } = credential;
			if (!moderator || !(await moderatesMeeting(sql, moderator.id, meetingId))) return null;
			return { principal: { role: 'moderator', id: moderator.id, name: moderator.name, attendance: null }, renewed: false };
		}
		default: {
			const unknown: never = credential;
			throw new Error(`Unknown credential ${JSON.stringify(unknown)}`);
		}
	}
}

async function asParticipant(sql: Sql, meetingId: string, token: string): Promise<MeetingAccess | null> {
	const session = await validateParticipantToken(sql, token);
	if (!session || session.participant.meetingId !== meetingId) return null;
	const { id, displayName, attendance } = session.participant;
	return { principal: { role: 'participant', id, name: displayName, attendance }, renewed: session.renewed, participantSessionId: session.id };
}

async function asSignedInModerator(sql: Sql, meetingId: string, token: string): Promise<MeetingAccess | null> {
	const session = await validateSessionToken(sql, token);
	return session ? grant(sql, meetingId, { kind: 'moderator', moderator: session.moderator }) : null;
}

async function asProjector(sql: Sql, meetingId: string, key: string): Promise<MeetingAccess | null> {
	if (!(await isProjectorKey(sql, meetingId, key))) return null;
	return { principal: { role: 'projector', id: 'projector', name: 'Projektor', attendance: null }, renewed: false };
}

/** Whether the moderator moderates the meeting's process. */
async function moderatesMeeting(sql: Sql, moderatorId: string, meetingId: string): Promise<boolean> {
	const rows = await sql`
		select 1 from meetings m
		join process_moderators pm on pm.process_id = m.process_id
		where m.id = ${meetingId} and pm.moderator_id = ${moderatorId}`;
	return rows.length > 0;
}
