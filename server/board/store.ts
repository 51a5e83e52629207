import { recordLegacyAuthors } from '../../src/lib/server/db/notes';
import type { Queries, Sql } from '../../src/lib/server/db/sql';

/**
 * A write refused because another instance has taken the meeting over (its fencing epoch is newer):
 * this instance must drop the room without acknowledging anything (docs/FLEET.md).
 */
export class Fenced extends Error {
	constructor(readonly meetingId: string) {
		super(`Meeting ${meetingId} has a newer owner; this instance's writes are refused`);
		this.name = 'Fenced';
	}
}

/**
 * The fencing epoch a write carries: the owner epoch this instance took the meeting under, or null
 * for a single instance (which owns every meeting; its writes are unconditional, as before fleets).
 */
export type Fence = number | null;

/**
 * Where a board's Yjs updates are kept: an append-only log of updates plus a compacted snapshot.
 * Loading a board = the snapshot + every update logged after it.
 */
export interface BoardStore {
	/** The stored state as a list of updates to apply in order (empty for a new board). */
	load(meetingId: string): Promise<{ updates: Uint8Array[]; lastId: number }>;
	/**
	 * Appends one update; resolves once it is committed, or, given `within` (a transaction), once
	 * it is written in that transaction. Returns its log id. Rejects with Fenced under an outdated
	 * epoch (`fence`, in a fleet).
	 */
	append(meetingId: string, update: Uint8Array, within?: Queries, fence?: Fence): Promise<number>;
	/**
	 * Replaces the snapshot with `state` (covering every update up to `throughId`) and drops those
	 * updates. Rejects with Fenced (and changes nothing) under an outdated epoch.
	 */
	compact(meetingId: string, state: Uint8Array, throughId: number, fence?: Fence): Promise<void>;
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
		async append(meetingId, update, within = sql, fence = null) {
			if (fence === null) {
				const [row] = await within<{ id: string }[]>`
					insert into board_updates (meeting_id, update) values (${meetingId}, ${asBuffer(update)})
					returning id`;
				return Number(row.id);
			}
			// One statement: FOR KEY SHARE holds the meeting row until the insert commits, so a takeover
			// (which locks the row FOR UPDATE before bumping the epoch) waits for it, and an append that
			// waited for a takeover finds the new epoch and inserts nothing.
			const [row] = await within<{ id: string }[]>`
				insert into board_updates (meeting_id, update)
				select id, ${asBuffer(update)} from meetings
				where id = ${meetingId} and owner_epoch = ${fence}
				for key share
				returning id`;
			if (!row) throw new Fenced(meetingId);
			return Number(row.id);
		},
		recordAuthors: (meetingId, authors) => recordLegacyAuthors(sql, meetingId, authors),
		async compact(meetingId, state, throughId, fence = null) {
			await sql.begin(async (tx) => {
				if (fence !== null) {
					const [owned] = await tx`select 1 from meetings where id = ${meetingId} and owner_epoch = ${fence} for key share`;
					if (!owned) throw new Fenced(meetingId);
				}
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

/** The update's bytes as a Buffer, without copying them (a Uint8Array passed to postgres.js would be copied by Buffer.from). */
function asBuffer(update: Uint8Array): Buffer {
	return Buffer.from(update.buffer, update.byteOffset, update.byteLength);
}
