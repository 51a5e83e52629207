import type { IncomingMessage } from 'node:http';
import { parse as parseCookie } from 'cookie';
import { resolveMeetingAccess, type Credential, type Principal } from '../../src/lib/server/auth/meeting-access';
import { participantCookieName } from '../../src/lib/server/auth/participant-session';
import { AS_PROJECTOR, projectorCookieName } from '../../src/lib/server/auth/projector';
import { SESSION_COOKIE } from '../../src/lib/server/auth/session';
import type { Sql } from '../../src/lib/server/db/sql';
import type { Phase } from '../../src/lib/protocol/authority';

export type { Principal };

/** The rules of a meeting that commands are checked against; read from PostgreSQL every time. */
export interface MeetingRules {
	id: string;
	processId: string;
	phase: Phase;
	whoMayGroup: 'moderators' | 'everyone';
	anonymousAuthors: boolean;
	notesPrivateUntilReveal: boolean;
	lateNotesAllowed: boolean;
	locked: boolean;
	archived: boolean;
	notesRevealed: boolean;
	votesRevealed: boolean;
	votesPerParticipant: number;
	maxVotesPerItem: number;
	timerEndsAt: Date | null;
	timerRemainingMs: number | null;
	timerAutoAdvance: boolean;
	closedAt: Date | null;
	/** Notes are written privately now: brainstorm in a meeting that keeps notes private until reveal. */
	privateBrainstorm: boolean;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isMeetingId(value: unknown): value is string {
	return typeof value === 'string' && UUID.test(value);
}

export async function meetingRules(sql: Sql, meetingId: string): Promise<MeetingRules | null> {
	if (!isMeetingId(meetingId)) return null;
	const [row] = await sql<
		(Omit<MeetingRules, 'archived' | 'notesRevealed' | 'votesRevealed' | 'privateBrainstorm'> & {
			archivedAt: Date | null;
			notesRevealedAt: Date | null;
			votesRevealedAt: Date | null;
		})[]
	>`
		select id, process_id, phase, who_may_group, anonymous_authors, notes_private_until_reveal,
		       late_notes_allowed, locked, archived_at, notes_revealed_at, votes_revealed_at,
		       votes_per_participant, max_votes_per_item, timer_ends_at, timer_remaining_ms, timer_auto_advance, closed_at
		from meetings where id = ${meetingId}`;
	if (!row) return null;
	const { archivedAt, notesRevealedAt, votesRevealedAt, ...rules } = row;
	const notesRevealed = notesRevealedAt !== null;
	return {
		...rules,
		archived: archivedAt !== null,
		notesRevealed,
		votesRevealed: votesRevealedAt !== null,
		privateBrainstorm: rules.phase === 'brainstorm' && rules.notesPrivateUntilReveal && !notesRevealed
	};
}

/**
 * The credentials of a request for one meeting, most specific first: an explicit token
 * (`?token=` or socket.io `auth.token`), the participant cookie of this meeting, the moderator cookie,
 * the projector cookie. A projector page asks to be the projector (`?as=projector`, socket.io
 * `auth.as`): then only the projector cookie counts, so that in a moderator's browser (a laptop's
 * second screen) it is the projector, and its key never travels in a request line.
 */
export function credentialsFor(request: IncomingMessage, meetingId: string, explicit?: unknown, as?: unknown): Credential[] {
	const query = new URL(request.url ?? '/', 'http://x').searchParams;
	const cookies = parseCookie(request.headers.cookie ?? '');
	const projector = cookies[projectorCookieName(meetingId)];
	if (as === AS_PROJECTOR || query.get('as') === AS_PROJECTOR) return [{ kind: 'projector', key: projector }];
	return [
		{ kind: 'token', token: typeof explicit === 'string' ? explicit : null },
		{ kind: 'token', token: query.get('token') },
		{ kind: 'participant', token: cookies[participantCookieName(meetingId)] },
		{ kind: 'token', token: cookies[SESSION_COOKIE] },
		{ kind: 'projector', key: projector }
	];
}

/** Who a request (socket.io handshake, board WebSocket upgrade) is for the meeting, or null (resolveMeetingAccess). */
export async function authenticateForMeeting(sql: Sql, meetingId: string, credentials: Credential[]): Promise<Principal | null> {
	return (await resolveMeetingAccess(sql, meetingId, credentials))?.principal ?? null;
}
