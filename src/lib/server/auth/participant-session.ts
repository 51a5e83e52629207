import type { Sql } from '../db/sql';
import { newSessionToken, splitSessionToken, verifySession } from './session';

// Participant sessions: the same token scheme as moderators' (see session.ts), bound to one
// participant of one meeting. No account: the token in a cookie (or held by a script) is the identity.

export interface SessionParticipant {
	id: string;
	meetingId: string;
	displayName: string;
	attendance: 'on_site' | 'remote';
}

export interface ValidParticipantSession {
	id: string;
	participant: SessionParticipant;
	renewed: boolean;
}

/** The cookie holding a participant's token for one meeting; a browser can be in several meetings. */
export function participantCookieName(meetingId: string): string {
	return `samla_p_${meetingId.replace(/-/g, '')}`;
}

export async function createParticipantSession(sql: Sql, participantId: string): Promise<{ id: string; token: string }> {
	const { id, secretHash, token } = newSessionToken();
	await sql`
		insert into sessions (id, secret_hash, participant_id)
		values (${id}, ${secretHash}, ${participantId})`;
	return { id, token };
}

/** The participant a token stands for, or null (malformed, unknown, tampered, expired, or removed). */
export async function validateParticipantToken(sql: Sql, token: string, now = new Date()): Promise<ValidParticipantSession | null> {
	const parts = splitSessionToken(token);
	if (!parts) return null;
	const [row] = await sql<
		{
			secretHash: Buffer;
			lastVerifiedAt: Date;
			participantId: string;
			meetingId: string;
			displayName: string;
			attendance: 'on_site' | 'remote';
		}[]
	>`
		select s.secret_hash, s.last_verified_at, p.id as participant_id, p.meeting_id, p.display_name, p.attendance
		from sessions s join participants p on p.id = s.participant_id
		where s.id = ${parts.id} and p.removed_at is null`;
	if (!row) return null;
	const verified = await verifySession(sql, parts, row, now);
	if (!verified) return null;
	return {
		id: parts.id,
		participant: {
			id: row.participantId,
			meetingId: row.meetingId,
			displayName: row.displayName,
			attendance: row.attendance
		},
		renewed: verified.renewed
	};
}
