import type { ThemeInputRows } from './rows';

/** What turns one table's stored rows into the new ones: rows to delete (by key) and to upsert. */
export interface TableChanges<Row> {
	gone: Row[];
	put: Row[];
}

/**
 * The changes per theme table between the rows stored and the rows projected now. Rows are told
 * apart by their table's primary key (after meeting_id); theme_ballots has none, so its rows are
 * rewritten whole (`ballots` true) when any of them changed.
 */
export interface RowChanges {
	clusters: TableChanges<ThemeInputRows['clusters'][number]>;
	ideas: TableChanges<ThemeInputRows['ideas'][number]>;
	votes: TableChanges<ThemeInputRows['votes'][number]>;
	segmentVotes: TableChanges<ThemeInputRows['segmentVotes'][number]>;
	participation: TableChanges<ThemeInputRows['participation'][number]>;
	ballots: boolean;
}

export function rowChanges(before: ThemeInputRows, after: ThemeInputRows): RowChanges {
	return {
		clusters: tableChanges(before.clusters, after.clusters, (r) => r.clusterId),
		ideas: tableChanges(before.ideas, after.ideas, (r) => r.noteId),
		votes: tableChanges(before.votes, after.votes, (r) => `${r.itemKind}\u0000${r.itemId}`),
		segmentVotes: tableChanges(before.segmentVotes, after.segmentVotes, (r) => `${r.clusterId}\u0000${r.segmentKind}\u0000${r.segmentCode}`),
		participation: tableChanges(before.participation, after.participation, (r) => `${r.sectorCode}\u0000${r.municipalityCode}\u0000${r.attendance}`),
		ballots: before.ballots.length !== after.ballots.length || before.ballots.some((row, i) => !sameRow(row, after.ballots[i]))
	};
}

function tableChanges<Row extends object>(before: Row[], after: Row[], keyOf: (row: Row) => string): TableChanges<Row> {
	const stored = new Map(before.map((row) => [keyOf(row), row]));
	const put: Row[] = [];
	for (const row of after) {
		const key = keyOf(row);
		const was = stored.get(key);
		if (!was || !sameRow(was, row)) put.push(row);
		stored.delete(key);
	}
	return { gone: [...stored.values()], put };
}

/**
 * Whether `after` is exactly `before`: the same tables, rows and columns in the same order with the
 * same (===) values, so that JSON.stringify gives the same text and their content hash is the
 * same. A value that is not a primitive only counts as the same when it is the same object.
 */
export function sameRows(before: ThemeInputRows, after: ThemeInputRows): boolean {
	const tables = Object.keys(before);
	if (!sameList(tables, Object.keys(after))) return false;
	for (const table of tables) {
		const a = before[table as keyof ThemeInputRows] as object[];
		const b = after[table as keyof ThemeInputRows] as object[];
		if (a.length !== b.length) return false;
		for (let i = 0; i < a.length; i++) if (!sameOrderedRow(a[i], b[i])) return false;
	}
	return true;
}

function sameOrderedRow(a: object, b: object): boolean {
	const columns = Object.keys(a);
	if (!sameList(columns, Object.keys(b))) return false;
	for (const column of columns) if ((a as Record<string, unknown>)[column] !== (b as Record<string, unknown>)[column]) return false;
	return true;
}

function sameList(a: string[], b: string[]): boolean {
	return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** Rows are flat: a column name → a string, number, boolean or null. */
function sameRow(a: object, b: object): boolean {
	const x = a as Record<string, unknown>;
	const y = b as Record<string, unknown>;
	for (const column in x) if (x[column] !== y[column]) return false;
	for (const column in y) if (!(column in x)) return false;
	return true;
}
