import type * as Y from 'yjs';
import { BOARD_SCHEMA_VERSION, LIMITS, type Cluster, type Note, type NoteColour } from './records';
import { byOrder, clustersMap, getCluster, getNote, listClusters, notesMap } from './read';
import { readNoteValue } from './records';
import { clusterSchema, clusterTitle, noteSchema, noteText } from './schema';

// Pure operations over a board's Y.Doc, run by the server (the document's only writer). No I/O.
// Each operation validates its input with zod, runs in one transaction with the caller's origin,
// so observers know who changed what, and returns a value instead of throwing for expected
// failures. A note or cluster is one plain value in its map, replaced as a whole on every change.
//
// Reading is re-exported from ./read.ts for the server's convenience; browser code imports
// ./read.ts and ./records.ts directly, so that zod stays out of the board page.

export {
	byOrder,
	getCluster,
	getNote,
	listClusters,
	listNotes,
	notesIn,
	schemaVersion,
	snapshot,
	type BoardSnapshot
} from './read';

export type BoardError = 'INVALID_INPUT' | 'NOTE_NOT_FOUND' | 'CLUSTER_NOT_FOUND' | 'CLUSTER_LIMIT';

export type BoardResult<T = undefined> = { ok: true; value: T } | { ok: false; code: BoardError };

const ok = <T>(value: T): BoardResult<T> => ({ ok: true, value });
const fail = (code: BoardError): BoardResult<never> => ({ ok: false, code });

/** Prepares an empty document (schema version); a no-op on a document that has one. */
export function initBoard(doc: Y.Doc, origin?: unknown): void {
	const meta = doc.getMap('meta');
	if (meta.get('schemaVersion') !== undefined) return;
	doc.transact(() => meta.set('schemaVersion', BOARD_SCHEMA_VERSION), origin);
}

/** Writes a note as one value (a new one, or the whole replacement of an existing one). */
function putNote(doc: Y.Doc, note: Note): void {
	notesMap(doc).set(note.id, { ...note });
}

function putCluster(doc: Y.Doc, cluster: Cluster): void {
	clustersMap(doc).set(cluster.id, { ...cluster });
}

/** Order value after every item in a list. */
function nextOrder(orders: number[]): number {
	return orders.length ? Math.max(...orders) + 1 : 1;
}

export interface AddNoteInput {
	id: string;
	text: string;
	createdAt: number;
	colour?: NoteColour;
	clusterId?: string | null;
}

/**
 * Adds a note at the end of its cluster (or the unclustered notes). Adding an existing id is a
 * no-op. The limits on notes (per participant, per board) are not judged here but where a note is
 * first recorded with its author, before it is acknowledged (server/meeting/notes.ts): a note that
 * was acknowledged must always fit, also when a private note is revealed.
 */
export function addNote(doc: Y.Doc, input: AddNoteInput, origin?: unknown): BoardResult<Note> {
	if (notesMap(doc).has(input.id)) {
		const note = getNote(doc, input.id);
		return note ? ok(note) : fail('INVALID_INPUT');
	}
	const clusterId = input.clusterId ?? null;
	if (clusterId && !clustersMap(doc).has(clusterId)) return fail('CLUSTER_NOT_FOUND');
	const candidate = noteSchema.safeParse({
		id: input.id,
		text: input.text,
		createdAt: input.createdAt,
		clusterId,
		order: nextOrder(notesOf(doc, clusterId).map((n) => n.order)),
		colour: input.colour ?? 'yellow'
	});
	if (!candidate.success) return fail('INVALID_INPUT');
	const note = candidate.data;
	doc.transact(() => putNote(doc, note), origin);
	return ok(note);
}

/** Replaces a note's text. */
export function editNote(doc: Y.Doc, noteId: string, text: string, origin?: unknown): BoardResult<Note> {
	const note = getNote(doc, noteId);
	if (!note) return fail('NOTE_NOT_FOUND');
	const parsed = noteText.safeParse(text);
	if (!parsed.success) return fail('INVALID_INPUT');
	const edited = { ...note, text: parsed.data };
	doc.transact(() => putNote(doc, edited), origin);
	return ok(edited);
}

export function removeNote(doc: Y.Doc, noteId: string, origin?: unknown): BoardResult {
	if (!notesMap(doc).has(noteId)) return fail('NOTE_NOT_FOUND');
	doc.transact(() => notesMap(doc).delete(noteId), origin);
	return ok(undefined);
}

/**
 * Moves a note into a cluster (or out of every cluster with null), before the note `beforeId`
 * or at the end when it is null.
 */
export function moveNote(
	doc: Y.Doc,
	noteId: string,
	clusterId: string | null,
	beforeId: string | null = null,
	origin?: unknown
): BoardResult<Note> {
	const note = storedNote(doc, noteId);
	if (!note) return fail('NOTE_NOT_FOUND');
	if (clusterId !== null && !clustersMap(doc).has(clusterId)) return fail('CLUSTER_NOT_FOUND');
	const siblings = membersOf(doc, clusterId).filter((n) => n.id !== noteId);
	// To the end (the usual move) needs only the highest order, in any order; before a note, sorted.
	const order = orderBefore(beforeId === null ? siblings : siblings.sort(byOrder), beforeId);
	if (order === null) return fail('NOTE_NOT_FOUND');
	const moved = { ...note, clusterId, order };
	doc.transact(() => putNote(doc, moved), origin);
	return ok(moved);
}

/**
 * Moves several notes at once, in the given order, to the end of a cluster (null: out of every
 * cluster), creating that cluster first when `newCluster` is given. All or nothing: one missing
 * note or a refused cluster changes nothing; everything happens in one transaction.
 */
export function moveNotes(
	doc: Y.Doc,
	noteIds: readonly string[],
	clusterId: string | null,
	newCluster?: { id: string; title: string },
	origin?: unknown
): BoardResult<{ moved: number }> {
	if (new Set(noteIds).size !== noteIds.length) return fail('INVALID_INPUT');
	if (newCluster && newCluster.id !== clusterId) return fail('INVALID_INPUT');
	const notes: Note[] = [];
	for (const id of noteIds) {
		const note = getNote(doc, id);
		if (!note) return fail('NOTE_NOT_FOUND');
		notes.push(note);
	}
	let result: BoardResult<{ moved: number }> = ok({ moved: notes.length });
	doc.transact(() => {
		if (newCluster) {
			const created = createCluster(doc, newCluster);
			if (!created.ok) {
				result = created;
				return;
			}
		} else if (clusterId !== null && !clustersMap(doc).has(clusterId)) {
			result = fail('CLUSTER_NOT_FOUND');
			return;
		}
		const moving = new Set(noteIds);
		let order = nextOrder(membersOf(doc, clusterId).filter((n) => !moving.has(n.id)).map((n) => n.order));
		for (const note of notes) putNote(doc, { ...note, clusterId, order: order++ });
	}, origin);
	return result;
}

export function createCluster(doc: Y.Doc, input: { id: string; title: string }, origin?: unknown): BoardResult<Cluster> {
	if (clustersMap(doc).has(input.id)) {
		const cluster = getCluster(doc, input.id);
		return cluster ? ok(cluster) : fail('INVALID_INPUT');
	}
	if (clustersMap(doc).size >= LIMITS.clustersPerBoard) return fail('CLUSTER_LIMIT');
	const candidate = clusterSchema.safeParse({
		id: input.id,
		title: input.title,
		order: nextOrder(listClusters(doc).map((c) => c.order))
	});
	if (!candidate.success) return fail('INVALID_INPUT');
	const cluster = candidate.data;
	doc.transact(() => putCluster(doc, cluster), origin);
	return ok(cluster);
}

export function renameCluster(doc: Y.Doc, clusterId: string, title: string, origin?: unknown): BoardResult<Cluster> {
	const cluster = getCluster(doc, clusterId);
	if (!cluster) return fail('CLUSTER_NOT_FOUND');
	const parsed = clusterTitle.safeParse(title);
	if (!parsed.success) return fail('INVALID_INPUT');
	const renamed = { ...cluster, title: parsed.data };
	doc.transact(() => putCluster(doc, renamed), origin);
	return ok(renamed);
}

/** Moves a cluster before another (or to the end when beforeId is null). */
export function reorderCluster(doc: Y.Doc, clusterId: string, beforeId: string | null, origin?: unknown): BoardResult<Cluster> {
	const cluster = getCluster(doc, clusterId);
	if (!cluster) return fail('CLUSTER_NOT_FOUND');
	const order = orderBefore(listClusters(doc).filter((c) => c.id !== clusterId), beforeId);
	if (order === null) return fail('CLUSTER_NOT_FOUND');
	const reordered = { ...cluster, order };
	doc.transact(() => putCluster(doc, reordered), origin);
	return ok(reordered);
}

/** Moves every note of `sourceId` to the end of `targetId` and removes the source cluster. */
export function mergeClusters(doc: Y.Doc, sourceId: string, targetId: string, origin?: unknown): BoardResult<Cluster> {
	if (sourceId === targetId) return fail('INVALID_INPUT');
	const target = getCluster(doc, targetId);
	if (!clustersMap(doc).has(sourceId) || !target) return fail('CLUSTER_NOT_FOUND');
	doc.transact(() => {
		let order = nextOrder(notesOf(doc, targetId).map((n) => n.order));
		for (const note of notesOf(doc, sourceId)) putNote(doc, { ...note, clusterId: targetId, order: order++ });
		clustersMap(doc).delete(sourceId);
	}, origin);
	return ok(target);
}

/** Removes a cluster; its notes become unclustered (nothing is lost). */
export function removeCluster(doc: Y.Doc, clusterId: string, origin?: unknown): BoardResult {
	if (!clustersMap(doc).has(clusterId)) return fail('CLUSTER_NOT_FOUND');
	doc.transact(() => {
		let order = nextOrder(notesOf(doc, null).map((n) => n.order));
		for (const note of notesOf(doc, clusterId)) putNote(doc, { ...note, clusterId: null, order: order++ });
		clustersMap(doc).delete(clusterId);
	}, origin);
	return ok(undefined);
}

/**
 * An order value placing an item before `beforeId` in `siblings`, or at the end when `beforeId` is
 * null; null when no sibling has that id. `siblings` must be sorted by order, except for the end.
 */
function orderBefore(siblings: { id: string; order: number }[], beforeId: string | null): number | null {
	if (beforeId === null) return nextOrder(siblings.map((s) => s.order));
	const index = siblings.findIndex((s) => s.id === beforeId);
	if (index === -1) return null;
	const after = siblings[index].order;
	const before = index > 0 ? siblings[index - 1].order : after - 2;
	return (before + after) / 2;
}

/**
 * Which notes each cluster holds (key null: the unclustered ones), per document, kept up to date by
 * an observer of the notes map. A move needs the notes of its target cluster; finding them by
 * reading every note of the board made a move cost O(board) — at 300 moves a second on a board of
 * 1 500 notes most of a core (issue 15's grouping storm).
 */
const clusterIndexes = new WeakMap<Y.Doc, Map<string | null, Set<string>>>();

function clusterIndex(doc: Y.Doc): Map<string | null, Set<string>> {
	const known = clusterIndexes.get(doc);
	if (known) return known;
	const index = new Map<string | null, Set<string>>();
	const clusterOf = new Map<string, string | null>();
	const notes = notesMap(doc);
	const place = (id: string, value: unknown) => {
		if (clusterOf.has(id)) {
			const before = clusterOf.get(id)!;
			const ids = index.get(before);
			ids?.delete(id);
			if (ids && !ids.size) index.delete(before);
			clusterOf.delete(id);
		}
		const clusterId = (value as { clusterId?: unknown } | null | undefined)?.clusterId;
		if (clusterId !== null && typeof clusterId !== 'string') return;
		clusterOf.set(id, clusterId);
		let ids = index.get(clusterId);
		if (!ids) index.set(clusterId, (ids = new Set()));
		ids.add(id);
	};
	notes.forEach((value, id) => place(id, value));
	notes.observe((event) => {
		for (const id of event.keysChanged) place(id, notes.get(id));
	});
	clusterIndexes.set(doc, index);
	return index;
}

/**
 * The notes of one cluster (null: the unclustered notes), in order — as `notesIn` of read.ts, from
 * the cluster index. The index follows the document after each transaction; within one, the notes
 * it has changed so far are read as they are now.
 */
export function notesOf(doc: Y.Doc, clusterId: string | null): Note[] {
	return membersOf(doc, clusterId).sort(byOrder);
}

/** The notes of one cluster (null: the unclustered notes), in no particular order (see notesOf). */
function membersOf(doc: Y.Doc, clusterId: string | null): Note[] {
	const notes = notesMap(doc);
	const indexed = clusterIndex(doc).get(clusterId);
	const changed = (doc._transaction?.changed as Map<unknown, Set<string | null>> | undefined)?.get(notes);
	const out: Note[] = [];
	const consider = (id: string) => {
		const value = notes.get(id);
		const note = typeof value === 'object' && value !== null ? checkedNote(value) : null;
		if (note && note.clusterId === clusterId) out.push(note);
	};
	if (indexed) for (const id of indexed) if (!changed?.has(id)) consider(id);
	if (changed) for (const id of changed) if (id !== null) consider(id);
	return out;
}

/** A note as stored now, checked (as getNote), from the check cache when its value was seen before. */
function storedNote(doc: Y.Doc, id: string): Note | null {
	const value = notesMap(doc).get(id);
	return typeof value === 'object' && value !== null ? checkedNote(value) : null;
}

/**
 * Each stored note value checked once (readNoteValue: ids, text, order …), not at every move that
 * reads its cluster: a document's values are never changed in place (a change stores a new value),
 * so the check of a value holds for as long as the value exists. The notes handed out are frozen.
 */
const checkedNotes = new WeakMap<object, Readonly<Note> | null>();

function checkedNote(value: object): Note | null {
	let note = checkedNotes.get(value);
	if (note === undefined) {
		const read = readNoteValue(value);
		checkedNotes.set(value, (note = read && Object.freeze(read)));
	}
	return note;
}
