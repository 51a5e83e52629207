import { recordLegacyAuthors } from '../../src/lib/server/db/notes';
import type { Queries, Sql } from '../../src/lib/server/db/sql';

/**
 * Where a board's Yjs updates are kept: an append-only log of updates plus a compacted snapshot.
 * Loading a board = the snapshot + every update logged after it.
 */
export interface BoardStore {
	/** The stored state as a list of updates to apply in order (empty for a new board). */
	load(meetingId: string): Promise<{ updates: Uint8Array[]; lastId: number }>;
	/**
	 * Appends one update; resolves once it is committed, or, given `within` (a transaction), once
	 * it is written in that transaction. Returns its log id.
	 */
	append(meetingId: string, update: Uint8Array, within?: Queries): Promise<number>;
	/** Replaces the snapshot with `state` (covering every update up to `throughId`) and drops those updates. */
	compact(meetingId: string, state: Uint8Array, throughId: number): Promise<void>;
	/** Records who wrote the notes of an old document (schema version 2 or older), before it is upgraded. */
	recordAuthors(meetingId: string, authors: { noteId: string; authorId: string; createdAt: number }[]): Promise<void>;
}

export function createPostgresBoardStore(sql: Sql): BoardStore {
	return {
		async load(meetingId) {
			const [snapshot] = await sql<{ state: Buffer; throughId: string }[]>`
				select state, through_id from board_snapshots where meeting_id = ${meetingId}`;
			const throughId = snapshot ? Number(snapshot.throughId) : 0;
			const rows = await sql<{ id: string; update: Buffer }[]>`
				select id, update from board_updates
				where meeting_id = ${meetingId} and id > ${throughId}
				order by id`;
			const updates = rows.map((r) => new Uint8Array(r.update));
			if (snapshot) updates.unshift(new Uint8Array(snapshot.state));
			return { updates, lastId: rows.length ? Number(rows[rows.length - 1].id) : throughId };
		},
		async append(meetingId, update, within = sql) {
			const [row] = await within<{ id: string }[]>`
				insert into board_updates (meeting_id, update) values (${meetingId}, ${Buffer.from(update)})
				returning id`;
			return Number(row.id);
		},
		recordAuthors: (meetingId, authors) => recordLegacyAuthors(sql, meetingId, authors),
		async compact(meetingId, state, throughId) {
			await sql.begin(async (tx) => {
				await tx`
					insert into board_snapshots (meeting_id, state, through_id)
					values (${meetingId}, ${Buffer.from(state)}, ${throughId})
					on conflict (meeting_id) do update
					set state = excluded.state, through_id = excluded.through_id, updated_at = now()
					where board_snapshots.through_id < excluded.through_id`;
				await tx`delete from board_updates where meeting_id = ${meetingId} and id <= ${throughId}`;
			});
		}
	};
}
