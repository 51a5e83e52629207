import type { ThemeInputRows } from './rows';

/**
 * What turns one table's stored rows into the new ones: rows to delete (by key), to upsert, and
 * stored rows whose only changes are in their table's PLACEMENT_COLUMNS, to update by key.
 */
export interface TableChanges<Row> {
	gone: Row[];
	put: Row[];
	placed: Row[];
}

/**
 * The primary key of each theme table that has one (after meeting_id), as its rows name the
 * columns, by the field of ThemeInputRows that holds its rows; theme_ballots has none.
 */
export const TABLE_KEYS = {
	clusters: ['clusterId'],
	ideas: ['noteId'],
	votes: ['itemKind', 'itemId'],
	segmentVotes: ['clusterId', 'segmentKind', 'segmentCode'],
	participation: ['sectorCode', 'municipalityCode', 'attendance']
} as const satisfies Partial<Record<keyof ThemeInputRows, readonly string[]>>;

export type KeyedTable = keyof typeof TABLE_KEYS;

/**
 * Columns that change far more often than the rest of their row, with their SQL types: a move on
 * the board changes an idea's group and its place in it, and renumbers every idea of the groups it
 * leaves and enters. A stored row that changed only in these is `placed`: written by key, these
 * columns alone, one array per column (project.ts). Upserted whole, the ideas a grouping storm
 * moved were a parameter per column per row, serialised on the server's thread (issue 15).
 */
export const PLACEMENT_COLUMNS: { readonly [T in KeyedTable]?: Readonly<Record<string, string>> } = {
	ideas: { clusterId: 'text', position: 'int4' }
};

/**
 * The changes per theme table between the rows stored and the rows projected now. Rows are told
 * apart by their table's primary key (TABLE_KEYS); theme_ballots has none, so its rows are
 * rewritten whole (`ballots` true) when any of them changed.
 */
export type RowChanges = { [T in KeyedTable]: TableChanges<ThemeInputRows[T][number]> } & { ballots: boolean };

export function rowChanges(before: ThemeInputRows, after: ThemeInputRows): RowChanges {
	const changes = { ballots: before.ballots.length !== after.ballots.length || before.ballots.some((row, i) => !sameRow(row, after.ballots[i])) } as RowChanges;
	for (const table of Object.keys(TABLE_KEYS) as KeyedTable[]) {
		changes[table] = tableChanges<object>(before[table], after[table], TABLE_KEYS[table], Object.keys(PLACEMENT_COLUMNS[table] ?? {})) as never;
	}
	return changes;
}

function tableChanges<Row extends object>(before: Row[], after: Row[], keyColumns: readonly string[], placement: readonly string[]): TableChanges<Row> {
	const keyOf = (row: Row) => keyColumns.map((column) => String((row as Record<string, unknown>)[column])).join('\u0000');
	const stored = new Map(before.map((row) => [keyOf(row), row]));
	const put: Row[] = [];
	const placed: Row[] = [];
	for (const row of after) {
		const key = keyOf(row);
		const was = stored.get(key);
		if (!was) put.push(row);
		else if (!sameRow(was, row)) (changedOnlyIn(was, row, placement) ? placed : put).push(row);
		stored.delete(key);
	}
	return { gone: [...stored.values()], put, placed };
}

/** Whether the flat rows `a` and `b` have the same columns and differ in none but `columns`. */
function changedOnlyIn(a: object, b: object, columns: readonly string[]): boolean {
	if (!columns.length) return false;
	const x = a as Record<string, unknown>;
	const y = b as Record<string, unknown>;
	for (const column in x) if (!(column in y) || (x[column] !== y[column] && !columns.includes(column))) return false;
	for (const column in y) if (!(column in x)) return false;
	return true;
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
