import * as Y from 'yjs';
import { addNote, createCluster, initBoard, snapshot, type BoardSnapshot } from '../../board/board';
import { m } from '../../paraglide/messages';
import type { Sql } from '../db/sql';
import { isUuid } from '../db/uuid';
import { projectMeeting } from './project';
import { readStoredBoard } from './stored-board';

/** The purged participants' names, always in the base language: they are data, not UI. */
export const purgedParticipantName = (n: number): string => m.exp_purged_participant({ number: n }, { locale: 'sv' });

export type PurgeResult = { ok: true; participants: number } | { ok: false; code: 'NOT_FOUND' | 'NOT_CLOSED' };

/**
 * A board with exactly the content of `board` and no history: a fresh document built with the
 * board operations, so no earlier text (edited, removed or moderated notes) survives in it.
 */
export function rebuildBoard(board: BoardSnapshot): Uint8Array {
	const doc = new Y.Doc({ gc: true });
	initBoard(doc, 'purge');
	for (const cluster of board.clusters) createCluster(doc, { id: cluster.id, title: cluster.title }, 'purge');
	const notes = [...board.clusters.flatMap((c) => c.notes.map((note) => ({ note, clusterId: c.id }))), ...board.unclustered.map((note) => ({ note, clusterId: null }))];
	for (const { note, clusterId } of notes) {
		const added = addNote(doc, { id: note.id, text: note.text, createdAt: note.createdAt, colour: note.colour, clusterId }, 'purge');
		if (!added.ok) throw new Error(`Rebuilding the board failed at note ${note.id}: ${added.code}`);
	}
	const state = Y.encodeStateAsUpdate(doc);
	doc.destroy();
	return state;
}

/** Replaces every string in a JSON value that contains one of `secrets` (whole value becomes '—'). */
function scrub(value: unknown, secrets: string[]): unknown {
	if (typeof value === 'string') return secrets.some((s) => value.toLowerCase().includes(s.toLowerCase())) ? '—' : value;
	if (Array.isArray(value)) return value.map((v) => scrub(v, secrets));
	if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrub(v, secrets)]));
	return value;
}

/**
 * Purges a closed meeting's personal data, in one transaction, keeping its anonymised theme input
 * and segment counts: participants' names become "Deltagare 1…n" (`participantName`) and their
 * organisations are emptied; their sessions end; private notes and hidden or removed notes (content
 * that is not theme input) are deleted, merged duplicates stay as ideas; moderation reasons and anything naming a participant leave the
 * audit log; the stored board (Yjs updates and snapshot) is replaced by one snapshot of its
 * current state, so no earlier text survives. The meeting is marked purged and can no longer be
 * reopened. Sector, municipality and attendance stay: they are the counts.
 *
 * A live room of the meeting still holds the old document in memory: the server reloads it after
 * a purge (Realtime.boardReplaced); a closed, purged meeting accepts no change that could write
 * the old state back in the meantime.
 */
export async function purgeMeeting(
	sql: Sql,
	meetingId: string,
	{ moderatorId, participantName, retentionDecision }: { moderatorId: string | null; participantName(n: number): string; retentionDecision?: string }
): Promise<PurgeResult> {
	if (!isUuid(meetingId)) return { ok: false, code: 'NOT_FOUND' };
	const result = (await sql.begin(async (tx) => {
		// No projection may run against the old state while the board is replaced. Taken before the
		// meeting's row, in the projection's order: a projection holds this lock while its inserts
		// (foreign keys to the meeting) wait for the row, so the other order deadlocked a purge that
		// followed a removal (its debounced projection) — the fleet suite saw it answer 500.
		await tx`select pg_advisory_xact_lock(hashtext(${`samla.theme-input.${meetingId}`}))`;
		const [meeting] = await tx<{ phase: string }[]>`select phase from meetings where id = ${meetingId} for update`;
		if (!meeting) return { ok: false as const, code: 'NOT_FOUND' as const };
		if (meeting.phase !== 'closed') return { ok: false as const, code: 'NOT_CLOSED' as const };

		const doc = await readStoredBoard(tx, meetingId);
		const state = rebuildBoard(snapshot(doc));
		doc.destroy();
		const [{ lastId }] = await tx<{ lastId: string }[]>`select coalesce(max(id), 0) as last_id from board_updates`;
		await tx`delete from board_updates where meeting_id = ${meetingId}`;
		await tx`
			insert into board_snapshots (meeting_id, state, through_id) values (${meetingId}, ${Buffer.from(state)}, ${lastId})
			on conflict (meeting_id) do update set state = excluded.state, through_id = excluded.through_id, updated_at = now()`;

		const people = await tx<{ id: string; displayName: string; organisation: string }[]>`
			select id, display_name, organisation from participants where meeting_id = ${meetingId} order by created_at, id`;
		const secrets = [...new Set(people.flatMap((p) => [p.displayName, p.organisation]).map((s) => s.trim()).filter((s) => s.length >= 2))];
		for (const [i, person] of people.entries()) {
			await tx`update participants set display_name = ${participantName(i + 1)}, organisation = '' where id = ${person.id}`;
		}
		await tx`delete from sessions where participant_id in (select id from participants where meeting_id = ${meetingId})`;
		await tx`delete from notes where meeting_id = ${meetingId} and visibility = 'private'`;
		// Merged duplicates are theme input (ideas with mergedInto) and stay; hidden and removed notes go.
		await tx`delete from note_moderation where meeting_id = ${meetingId} and status <> 'merged'`;
		await tx`update theme_ideas set author_name = null, author_key = null where meeting_id = ${meetingId}`;
		// Without the secret nobody can compute the pseudonymous keys again.
		await tx`delete from meeting_key_secrets where meeting_id = ${meetingId}`;
		await tx`update theme_ballots set voter_key = null where meeting_id = ${meetingId}`;
		// The rows were changed in place: their hash no longer describes them, so the next projection
		// rewrites them instead of trusting rows a process cached (project.ts).
		await tx`update theme_projections set content_hash = '' where meeting_id = ${meetingId}`;
		// Follow-up addresses (and their notifications, by cascade) are personal data too.
		const addresses = await tx`delete from follow_up_subscriptions where meeting_id = ${meetingId}`;

		const entries = await tx<{ id: string; details: Record<string, unknown> }[]>`
			select id, details from audit_log where meeting_id = ${meetingId}`;
		for (const entry of entries) {
			const { reason: _reason, ...rest } = entry.details ?? {};
			const cleaned = scrub(rest, secrets);
			if (JSON.stringify(cleaned) !== JSON.stringify(entry.details)) {
				await tx`update audit_log set details = ${tx.json(cleaned as never)} where id = ${entry.id}`;
			}
		}
		// The retention (gallring) decision followed: the one given, or the process's.
		const [{ decision }] = await tx<{ decision: string }[]>`
			select coalesce(nullif(${retentionDecision ?? ''}, ''), p.retention_decision) as decision
			from meetings m join processes p on p.id = m.process_id where m.id = ${meetingId}`;
		await tx`update meetings set purged_at = now(), purged_under = ${decision || null}, updated_at = now() where id = ${meetingId}`;
		await tx`
			insert into audit_log (meeting_id, moderator_id, action, details)
			values (${meetingId}, ${moderatorId}, 'purge_personal_data', ${tx.json({ participants: people.length, addresses: addresses.count, retentionDecision: decision || null })})`;
		return { ok: true as const, participants: people.length };
	})) as PurgeResult;
	// The projection drops authors' names of a purged meeting; its content stays the same.
	if (result.ok) await projectMeeting(sql, meetingId, { final: true });
	return result;
}
