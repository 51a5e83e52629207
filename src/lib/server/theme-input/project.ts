import { createHash } from 'node:crypto';
import { snapshot } from '../../board/board';
import type { Queries, Sql } from '../db/sql';
import { isUuid } from '../db/uuid';
import { projectRows, type ProjectionParticipant, type ThemeInputRows } from './rows';
import { meetingKeys, readNoteAuthors } from './authors';
import { readStoredBoard } from './stored-board';

export type ProjectResult = { ok: true; changed: boolean; final: boolean } | { ok: false; code: 'NOT_FOUND' };

/**
 * Projects a meeting's stored board, votes, priority list and participants into the theme-input
 * tables, replacing its rows in one transaction. Idempotent: when the rows would be the same as
 * those stored (same content hash) nothing is written, not even projected_at. The projection is
 * final when the meeting is closed (or `final` is asked for at close).
 */
export async function projectMeeting(sql: Sql, meetingId: string, options: { final?: boolean } = {}): Promise<ProjectResult> {
	if (!isUuid(meetingId)) return { ok: false, code: 'NOT_FOUND' };
	return sql.begin((tx) => projectMeetingIn(tx, meetingId, options)) as Promise<ProjectResult>;
}

/** The same inside a transaction the caller holds (closing a meeting projects in its transaction). */
export async function projectMeetingIn(tx: Queries, meetingId: string, options: { final?: boolean } = {}): Promise<ProjectResult> {
	// One projection of a meeting at a time; the next one waits and sees what this one wrote.
	await tx`select pg_advisory_xact_lock(hashtext(${`samla.theme-input.${meetingId}`}))`;
	const [meeting] = await tx<{ phase: string; anonymousAuthors: boolean; purgedAt: Date | null }[]>`
		select phase, anonymous_authors, purged_at from meetings where id = ${meetingId}`;
	if (!meeting) return { ok: false as const, code: 'NOT_FOUND' as const };
	const final = options.final === true || meeting.phase === 'closed';

	const doc = await readStoredBoard(tx, meetingId);
	const board = snapshot(doc);
	doc.destroy();
	const participants = await tx<ProjectionParticipant[]>`
		select id, display_name, sector_code, municipality_code, attendance, removed_at is not null as removed
		from participants where meeting_id = ${meetingId}`;
	const moderators = await tx<{ id: string; name: string }[]>`
		select m.id, m.name from moderators m
		join process_moderators pm on pm.moderator_id = m.id
		join meetings mt on mt.process_id = pm.process_id
		where mt.id = ${meetingId}`;
	const votes = await tx<{ participantId: string; itemKind: 'cluster' | 'note'; itemId: string }[]>`
		select participant_id, item_kind, item_id from votes where meeting_id = ${meetingId}`;
	const priorities = await tx<{ clusterId: string; position: number; rationale: string; isTop: boolean }[]>`
		select cluster_id, position, rationale, is_top from priorities where meeting_id = ${meetingId}`;
	const moderated = await tx<{ noteId: string; status: string; reason: string; note: { text?: unknown; createdAt?: unknown } }[]>`
		select note_id, status, reason, note from note_moderation where meeting_id = ${meetingId}`;
	const authors = await readNoteAuthors(tx, meetingId);
	const keyOf = await meetingKeys(tx, meetingId, meeting.purgedAt !== null);

	const rows = projectRows({
		board,
		showAuthorNames: !meeting.anonymousAuthors && meeting.purgedAt === null,
		participants: participants.map((p) => ({ ...p })),
		moderators: new Map(moderators.map((m) => [m.id, m.name])),
		votes: votes.map((v) => ({ ...v })),
		priorities: priorities.map((p) => ({ ...p })),
		moderatedNoteIds: new Set(moderated.map((m) => m.noteId)),
		authors,
		merged: moderated
			.filter((m) => m.status === 'merged' && typeof m.note.text === 'string')
			.map((m) => ({
				noteId: m.noteId,
				text: m.note.text as string,
				createdAt: typeof m.note.createdAt === 'number' ? m.note.createdAt : 0,
				mergedInto: m.reason
			})),
		keyOf
	});
	const hash = contentHash(rows, board.schemaVersion);
	const [current] = await tx<{ contentHash: string; final: boolean }[]>`
		select content_hash, final from theme_projections where meeting_id = ${meetingId}`;
	if (current && current.contentHash === hash && current.final === final) return { ok: true as const, changed: false, final };

	await tx`delete from theme_clusters where meeting_id = ${meetingId}`;
	await tx`delete from theme_ideas where meeting_id = ${meetingId}`;
	await tx`delete from theme_votes where meeting_id = ${meetingId}`;
	await tx`delete from theme_segment_votes where meeting_id = ${meetingId}`;
	await tx`delete from theme_participation where meeting_id = ${meetingId}`;
	await tx`delete from theme_ballots where meeting_id = ${meetingId}`;
	const withMeeting = <T extends object>(list: T[]) => list.map((row) => ({ meetingId, ...row }));
	if (rows.clusters.length) await tx`insert into theme_clusters ${tx(withMeeting(rows.clusters) as never)}`;
	if (rows.ideas.length) await tx`insert into theme_ideas ${tx(withMeeting(rows.ideas) as never)}`;
	if (rows.votes.length) await tx`insert into theme_votes ${tx(withMeeting(rows.votes) as never)}`;
	if (rows.segmentVotes.length) await tx`insert into theme_segment_votes ${tx(withMeeting(rows.segmentVotes) as never)}`;
	if (rows.participation.length) await tx`insert into theme_participation ${tx(withMeeting(rows.participation) as never)}`;
	if (rows.ballots.length) await tx`insert into theme_ballots ${tx(withMeeting(rows.ballots) as never)}`;
	await tx`
		insert into theme_projections (meeting_id, projected_at, final, board_schema_version, content_hash)
		values (${meetingId}, now(), ${final}, ${board.schemaVersion}, ${hash})
		on conflict (meeting_id) do update set projected_at = now(), final = excluded.final,
			board_schema_version = excluded.board_schema_version, content_hash = excluded.content_hash`;
	return { ok: true as const, changed: true, final };
}

function contentHash(rows: ThemeInputRows, schemaVersion: number): string {
	return createHash('sha256').update(JSON.stringify({ schemaVersion, rows })).digest('hex');
}
