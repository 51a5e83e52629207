import { createHash } from 'node:crypto';
import { snapshot, type BoardSnapshot } from '../../board/board';
import { columnOf, type Queries, type Sql } from '../db/sql';
import { isUuid } from '../db/uuid';
import { projectRows, type ProjectionParticipant, type ThemeInputRows } from './rows';
import { meetingKeys, meetingSecret, noteAuthorsWith, readModeratedNotes } from './authors';
import { noteAuthors } from '../db/notes';
import { readStoredBoard } from './stored-board';
import type { ProjectedRows, ProjectionCache } from './projection-cache';
import { PLACEMENT_COLUMNS, rowChanges, sameRows, TABLE_KEYS, type KeyedTable, type TableChanges } from './row-changes';

export type ProjectResult = { ok: true; changed: boolean; final: boolean } | { ok: false; code: 'NOT_FOUND' };

export interface ProjectOptions {
	final?: boolean;
	/** The rows this process last stored per meeting (the scheduler's): only changed rows are written. */
	cache?: ProjectionCache;
	/**
	 * The meeting's board as committed by its live room in this process, with the id of the last
	 * board update it holds (Room.committedBoard), or null: then the board is read from PostgreSQL.
	 */
	boardOf?: LiveBoard;
}

/** A board as a live room committed it, and the id of the last board update it holds. */
export interface LiveCommittedBoard {
	board: BoardSnapshot;
	throughId: number;
}

export type LiveBoard = (meetingId: string) => Promise<LiveCommittedBoard | null>;

/**
 * Projects a meeting's stored board, votes, priority list and participants into the theme-input
 * tables in one transaction. Idempotent: when the rows would be the same as those stored (same
 * content hash) nothing is written, not even projected_at. The projection is final when the
 * meeting is closed (or `final` is asked for at close).
 *
 * With a `cache` (the scheduler's), only the rows that changed since this process last projected
 * the meeting are written, as long as the stored hash shows that nobody else wrote since; the
 * cache is updated once the transaction has committed. With `boardOf`, a live room's committed
 * board is used instead of reading the board from PostgreSQL, when it holds every stored update.
 */
export async function projectMeeting(sql: Sql, meetingId: string, options: ProjectOptions = {}): Promise<ProjectResult> {
	if (!isUuid(meetingId)) return { ok: false, code: 'NOT_FOUND' };
	const { cache } = options;
	let stored: ProjectedRows | undefined;
	try {
		// Before the transaction: a room still loading is waited for without holding a connection.
		const live = (await options.boardOf?.(meetingId)) ?? null;
		const result = (await sql.begin(async (tx) => {
			const projection = await project(tx, meetingId, options.final === true, cache?.get(meetingId), live);
			stored = projection.stored;
			return projection.result;
		})) as ProjectResult;
		if (cache && stored) cache.set(meetingId, stored);
		return result;
	} catch (error) {
		cache?.delete(meetingId);
		throw error;
	}
}

/** The same inside a transaction the caller holds (closing a meeting projects in its transaction). */
export async function projectMeetingIn(tx: Queries, meetingId: string, options: { final?: boolean } = {}): Promise<ProjectResult> {
	return (await project(tx, meetingId, options.final === true, undefined, null)).result;
}

/**
 * One projection in `tx`. `cached`: the rows this process last stored for the meeting, if known.
 * Returns, besides the result, the rows now stored (unless the meeting is not found).
 */
async function project(
	tx: Queries,
	meetingId: string,
	finalAsked: boolean,
	cached: ProjectedRows | undefined,
	live: LiveCommittedBoard | null
): Promise<{ result: ProjectResult; stored?: ProjectedRows }> {
	// Every read of a run is sent at once, in one write: PostgreSQL runs them in order, the lock
	// first, and answers them together. One at a time, each was a round trip that cost the server's
	// thread more than its rows (waking PostgreSQL and being woken: the write and read calls), and a
	// scheduled run made fourteen (issue 15).
	const [, [meeting], lastStoredId, participants, moderators, votes, priorities, moderated, recordedAuthors, secret, [current]] = await Promise.all([
		tx`select pg_advisory_xact_lock(hashtext(${`samla.theme-input.${meetingId}`}))`,
		tx<{ phase: string; anonymousAuthors: boolean; purgedAt: Date | null }[]>`
			select phase, anonymous_authors, purged_at from meetings where id = ${meetingId}`,
		live ? lastStoredBoardUpdate(tx, meetingId) : null,
		tx<ProjectionParticipant[]>`
			select id, display_name, sector_code, municipality_code, attendance, removed_at is not null as removed
			from participants where meeting_id = ${meetingId}`,
		tx<{ id: string; name: string }[]>`
			select m.id, m.name from moderators m
			join process_moderators pm on pm.moderator_id = m.id
			join meetings mt on mt.process_id = pm.process_id
			where mt.id = ${meetingId}`,
		tx<{ participantId: string; itemKind: 'cluster' | 'note'; itemId: string }[]>`
			select participant_id, item_kind, item_id from votes where meeting_id = ${meetingId}`,
		tx<{ clusterId: string; position: number; rationale: string; isTop: boolean }[]>`
			select cluster_id, position, rationale, is_top from priorities where meeting_id = ${meetingId}`,
		readModeratedNotes(tx, meetingId),
		noteAuthors(tx, meetingId),
		meetingSecret(tx, meetingId),
		tx<{ contentHash: string; final: boolean }[]>`select content_hash, final from theme_projections where meeting_id = ${meetingId}`
	]);
	if (!meeting) return { result: { ok: false, code: 'NOT_FOUND' } };
	const final = finalAsked || meeting.phase === 'closed';
	const board = live && lastStoredId !== null && live.throughId >= lastStoredId ? live.board : await readStoredSnapshot(tx, meetingId);
	const keys = meetingKeys(secret, cached?.keys);

	const rows = projectRows({
		board,
		showAuthorNames: !meeting.anonymousAuthors && meeting.purgedAt === null,
		participants: participants.map((p) => ({ ...p })),
		moderators: new Map(moderators.map((m) => [m.id, m.name])),
		votes: votes.map((v) => ({ ...v })),
		priorities: priorities.map((p) => ({ ...p })),
		moderatedNoteIds: new Set(moderated.map((m) => m.noteId)),
		authors: noteAuthorsWith(recordedAuthors, moderated),
		merged: moderated
			.filter((m) => m.status === 'merged' && typeof m.note.text === 'string')
			.map((m) => ({
				noteId: m.noteId,
				text: m.note.text as string,
				createdAt: typeof m.note.createdAt === 'number' ? m.note.createdAt : 0,
				mergedInto: m.reason
			})),
		keyOf: keys.keyOf
	});
	// The rows of a big board take the server's thread for a while, and so may comparing or hashing
	// them: others' work goes first between the two.
	await new Promise<void>((resolve) => setImmediate(resolve));
	// Rows exactly like the ones this process last stored hash the same: no need to hash them again.
	const hash =
		cached && cached.schemaVersion === board.schemaVersion && sameRows(cached.rows, rows) ? cached.hash : contentHash(rows, board.schemaVersion);
	const stored: ProjectedRows = { hash, schemaVersion: board.schemaVersion, rows, keys: keys.memo };
	if (current && current.contentHash === hash && current.final === final) return { result: { ok: true, changed: false, final }, stored };

	// The stored rows are the cached ones only while the stored hash is theirs: a projection by
	// another process, a CLI or a purge since then changed the hash, and the rows are rewritten.
	// The hash goes with the first of the rows' statements (the transaction commits all or nothing).
	await Promise.all([
		tx`
			insert into theme_projections (meeting_id, projected_at, final, board_schema_version, content_hash)
			values (${meetingId}, now(), ${final}, ${board.schemaVersion}, ${hash})
			on conflict (meeting_id) do update set projected_at = now(), final = excluded.final,
				board_schema_version = excluded.board_schema_version, content_hash = excluded.content_hash`,
		cached && current && current.contentHash === cached.hash ? writeChanges(tx, meetingId, cached.rows, rows) : rewrite(tx, meetingId, rows)
	]);
	return { result: { ok: true, changed: true, final }, stored };
}

/**
 * The id of the last board update stored of the meeting (snapshot and log). A live room's committed
 * board is the meeting's board when it holds that update: one stored after the room's last one was
 * written by its own later commit or by another instance that owns the meeting now, and either way
 * the stored board is the newer one.
 */
async function lastStoredBoardUpdate(tx: Queries, meetingId: string): Promise<number> {
	const [{ lastId }] = await tx<{ lastId: string | null }[]>`
		select greatest(
			(select through_id from board_snapshots where meeting_id = ${meetingId}),
			(select max(id) from board_updates where meeting_id = ${meetingId})) as last_id`;
	return Number(lastId ?? 0);
}

/** The meeting's board as stored. */
async function readStoredSnapshot(tx: Queries, meetingId: string): Promise<BoardSnapshot> {
	const doc = await readStoredBoard(tx, meetingId);
	const board = snapshot(doc);
	doc.destroy();
	return board;
}

/** Each theme table, by the field of ThemeInputRows that holds its rows (written in this order). */
const THEME_TABLES = {
	clusters: 'theme_clusters',
	ideas: 'theme_ideas',
	votes: 'theme_votes',
	segmentVotes: 'theme_segment_votes',
	participation: 'theme_participation',
	ballots: 'theme_ballots'
} as const satisfies Record<keyof ThemeInputRows, string>;

type ThemeTable = keyof typeof THEME_TABLES;

/** A table's name in SQL (a constant of this module, never input). */
const tableName = (tx: Queries, table: ThemeTable) => tx.unsafe(`"${THEME_TABLES[table]}"`);

/** Inserts `list` into the theme table, each row with the meeting's id. */
function insertRows(tx: Queries, meetingId: string, table: ThemeTable, list: object[]) {
	return tx`insert into ${tableName(tx, table)} ${tx(list.map((row) => ({ meetingId, ...row })) as never)}`;
}

/**
 * Rows written per statement. A statement's values are serialised in one go on the server's only
 * thread: the 1 500 ideas a grouping storm on a big board changed between two runs, in one upsert,
 * held it for tens of ms, and every move waited (issue 15: the storm's p99 was the projection's).
 * Between slices the server goes on with other work while PostgreSQL writes.
 */
const ROWS_PER_STATEMENT = 200;

function* slices<T>(list: readonly T[]): Generator<T[]> {
	for (let start = 0; start < list.length; start += ROWS_PER_STATEMENT) yield list.slice(start, start + ROWS_PER_STATEMENT);
}

/** Replaces all of a meeting's theme rows. */
async function rewrite(tx: Queries, meetingId: string, rows: ThemeInputRows): Promise<void> {
	const tables = Object.keys(THEME_TABLES) as ThemeTable[];
	for (const table of tables) await tx`delete from ${tableName(tx, table)} where meeting_id = ${meetingId}`;
	for (const table of tables) for (const slice of slices<object>(rows[table])) await insertRows(tx, meetingId, table, slice);
}

/**
 * Turns the stored rows `before` into `after`: deletes the rows whose key is gone, upserts the
 * new and changed ones (by primary key, every other column from the row) and updates those that
 * changed only in their placement (writePlacement); theme_ballots, which has
 * no key, is rewritten when any of its rows changed. The result is the same rows `rewrite` would
 * store.
 */
async function writeChanges(tx: Queries, meetingId: string, before: ThemeInputRows, after: ThemeInputRows): Promise<void> {
	const changes = rowChanges(before, after);
	for (const table of Object.keys(TABLE_KEYS) as KeyedTable[]) {
		const key: readonly string[] = TABLE_KEYS[table];
		const { gone, put, placed } = changes[table] as unknown as TableChanges<Record<string, string>>;
		if (gone.length) {
			// (key columns) in the rows of one text array per key column, side by side.
			const keys = columnArrays(tx, gone, key.map((column) => [column, 'text']));
			await tx`delete from ${tableName(tx, table)} where meeting_id = ${meetingId} and (${tx(key as string[])}) in (select * from unnest(${keys}))`;
		}
		if (put.length) {
			const columns = Object.keys(put[0])
				.filter((column) => !key.includes(column))
				.map((column) => `"${columnOf(column)}"`);
			const conflict = ['meeting_id', ...key.map((column) => columnOf(column))].map((column) => `"${column}"`).join(', ');
			const update = columns.map((column) => `${column} = excluded.${column}`).join(', ');
			for (const slice of slices(put)) await tx`${insertRows(tx, meetingId, table, slice)} on conflict (${tx.unsafe(conflict)}) do update set ${tx.unsafe(update)}`;
		}
		if (placed.length) await writePlacement(tx, meetingId, table, key, placed);
	}
	if (changes.ballots) {
		await tx`delete from ${tableName(tx, 'ballots')} where meeting_id = ${meetingId}`;
		for (const slice of slices<object>(after.ballots)) await insertRows(tx, meetingId, 'ballots', slice);
	}
}

/**
 * Writes the PLACEMENT_COLUMNS of stored rows that changed in nothing else: one update by key per
 * slice, each column one array parameter (the same statement text every time, prepared once).
 */
async function writePlacement(tx: Queries, meetingId: string, table: KeyedTable, key: readonly string[], rows: Record<string, unknown>[]): Promise<void> {
	const placement = Object.entries(PLACEMENT_COLUMNS[table] ?? {});
	const columns: [string, string][] = [...key.map((column): [string, string] => [column, 'text']), ...placement];
	const quoted = (column: string) => `"${columnOf(column)}"`;
	const names = tx.unsafe(columns.map(([column]) => quoted(column)).join(', '));
	const set = tx.unsafe(placement.map(([column]) => `${quoted(column)} = v.${quoted(column)}`).join(', '));
	const byKey = tx.unsafe(key.map((column) => `t.${quoted(column)} = v.${quoted(column)}`).join(' and '));
	for (const slice of slices(rows)) {
		await tx`update ${tableName(tx, table)} as t set ${set} from unnest(${columnArrays(tx, slice, columns)}) as v(${names}) where t.meeting_id = ${meetingId} and ${byKey}`;
	}
}

/**
 * One array parameter per column, of that column's values in `rows`, cast to `type[]` and separated
 * by commas: the arguments of an `unnest(…)` that gives the rows back, a column per array.
 */
function columnArrays(tx: Queries, rows: readonly Record<string, unknown>[], columns: readonly (readonly [column: string, type: string])[]) {
	return columns.map(([column, type], i) => {
		const values = rows.map((row) => row[column] as string | number | null);
		return i ? tx`, ${values}::${tx.unsafe(`${type}[]`)}` : tx`${values}::${tx.unsafe(`${type}[]`)}`;
	});
}

function contentHash(rows: ThemeInputRows, schemaVersion: number): string {
	return createHash('sha256').update(JSON.stringify({ schemaVersion, rows })).digest('hex');
}
