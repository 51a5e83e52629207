import * as Y from 'yjs';
import { legacyNoteAuthors, upgradeBoard } from '../../board/migrations';
import { recordLegacyAuthors } from '../db/notes';
import type { Queries } from '../db/sql';

/**
 * A meeting's board as stored (board_snapshots + the board_updates after it, the format of
 * server/board/store.ts), without a live room. One statement reads both, so a compaction
 * committing in between cannot make updates go missing. The document is upgraded to the
 * current schema version in memory; nothing is written back to the board, but the authors that
 * an old document still names are recorded first (they are in `notes` from version 3 on).
 */
export async function readStoredBoard(sql: Queries, meetingId: string): Promise<Y.Doc> {
	const rows = await sql<{ data: Buffer }[]>`
		with s as (select state, through_id from board_snapshots where meeting_id = ${meetingId})
		select data from (
			select 0 as part, 0::bigint as id, state as data from s
			union all
			select 1, id, update from board_updates
			where meeting_id = ${meetingId} and id > coalesce((select through_id from s), 0)
		) stored
		order by part, id`;
	const doc = new Y.Doc({ gc: true });
	Y.transact(doc, () => {
		for (const row of rows) Y.applyUpdate(doc, new Uint8Array(row.data), 'store');
	});
	const authors = legacyNoteAuthors(doc);
	if (authors.length) await recordLegacyAuthors(sql, meetingId, authors);
	upgradeBoard(doc, 'store');
	return doc;
}
