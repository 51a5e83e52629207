import type { Sql } from '../../src/lib/server/db/sql';

/**
 * Takes over a meeting's board: bumps its fencing epoch and returns the new one. The row is locked
 * FOR UPDATE first, which waits for every board write in flight (they hold FOR KEY SHARE on it,
 * see store.ts): what the previous owner committed is committed before the new owner loads, and
 * what it tries to write afterwards is refused.
 */
export async function bumpOwnerEpoch(sql: Sql, meetingId: string): Promise<number> {
	return sql.begin(async (tx) => {
		await tx`select id from meetings where id = ${meetingId} for update`;
		const [row] = await tx<{ ownerEpoch: string }[]>`
			update meetings set owner_epoch = owner_epoch + 1 where id = ${meetingId} returning owner_epoch`;
		if (!row) throw new Error(`No meeting ${meetingId}`);
		return Number(row.ownerEpoch);
	});
}
