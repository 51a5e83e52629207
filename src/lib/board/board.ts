import * as Y from 'yjs';
import {
	BOARD_SCHEMA_VERSION,
	LIMITS,
	clusterSchema,
	clusterTitle,
	noteSchema,
	noteText,
	type Cluster,
	type Note,
	type NoteColour
} from './schema';

// Pure operations over a board's Y.Doc. No I/O: the same code runs in the browser and on the
// server. Each operation runs in one transaction with the caller's origin, so observers know who
// changed what, and returns a value instead of throwing for expected failures.

export type BoardError =
	| 'INVALID_INPUT'
	| 'NOTE_NOT_FOUND'
	| 'CLUSTER_NOT_FOUND'
	| 'NOTE_LIMIT'
	| 'CLUSTER_LIMIT'
	| 'BOARD_FULL';

export type BoardResult<T = undefined> = { ok: true; value: T } | { ok: false; code: BoardError };

const ok = <T>(value: T): BoardResult<T> => ({ ok: true, value });
const fail = (code: BoardError): BoardResult<never> => ({ ok: false, code });

type Entry = Y.Map<unknown>;

function notes(doc: Y.Doc): Y.Map<Entry> {
	return doc.getMap('notes');
}
function clusters(doc: Y.Doc): Y.Map<Entry> {
	return doc.getMap('clusters');
}

/** Prepares an empty document (schema version); a no-op on a document that has one. */
export function initBoard(doc: Y.Doc, origin?: unknown): void {
	const meta = doc.getMap('meta');
	if (meta.get('schemaVersion') !== undefined) return;
	doc.transact(() => meta.set('schemaVersion', BOARD_SCHEMA_VERSION), origin);
}

/** The schema version a document carries (0 for an empty document). */
export function schemaVersion(doc: Y.Doc): number {
	const v = doc.getMap('meta').get('schemaVersion');
	return typeof v === 'number' ? v : 0;
}

function toEntry(values: Record<string, unknown>): Entry {
	const entry = new Y.Map<unknown>();
	for (const [k, v] of Object.entries(values)) entry.set(k, v);
	return entry;
}

function readNote(entry: Entry): Note | null {
	const parsed = noteSchema.safeParse(entry.toJSON());
	return parsed.success ? parsed.data : null;
}

function readCluster(entry: Entry): Cluster | null {
	const parsed = clusterSchema.safeParse(entry.toJSON());
	return parsed.success ? parsed.data : null;
}

/** Order value after every item in a list. */
function nextOrder(orders: number[]): number {
	return orders.length ? Math.max(...orders) + 1 : 1;
}

export interface AddNoteInput {
	id: string;
	text: string;
	authorId: string;
	createdAt: number;
	colour?: NoteColour;
	clusterId?: string | null;
}

/** Adds a note at the end of its cluster (or the unclustered notes). Adding an existing id is a no-op. */
export function addNote(doc: Y.Doc, input: AddNoteInput, origin?: unknown): BoardResult<Note> {
	const existing = notes(doc).get(input.id);
	if (existing) {
		const note = readNote(existing);
		return note ? ok(note) : fail('INVALID_INPUT');
	}
	const clusterId = input.clusterId ?? null;
	if (clusterId && !clusters(doc).has(clusterId)) return fail('CLUSTER_NOT_FOUND');
	if (notes(doc).size >= LIMITS.notesPerBoard) return fail('BOARD_FULL');
	if (countNotesBy(doc, input.authorId) >= LIMITS.notesPerParticipant) return fail('NOTE_LIMIT');
	const candidate = noteSchema.safeParse({
		id: input.id,
		text: input.text,
		authorId: input.authorId,
		createdAt: input.createdAt,
		clusterId,
		order: nextOrder(notesIn(doc, clusterId).map((n) => n.order)),
		colour: input.colour ?? 'yellow'
	});
	if (!candidate.success) return fail('INVALID_INPUT');
	const note = candidate.data;
	doc.transact(() => notes(doc).set(note.id, toEntry(note)), origin);
	return ok(note);
}

/** Replaces a note's text. */
export function editNote(doc: Y.Doc, noteId: string, text: string, origin?: unknown): BoardResult<Note> {
	const entry = notes(doc).get(noteId);
	if (!entry) return fail('NOTE_NOT_FOUND');
	const parsed = noteText.safeParse(text);
	if (!parsed.success) return fail('INVALID_INPUT');
	doc.transact(() => entry.set('text', parsed.data), origin);
	return ok(readNote(entry)!);
}

export function removeNote(doc: Y.Doc, noteId: string, origin?: unknown): BoardResult {
	if (!notes(doc).has(noteId)) return fail('NOTE_NOT_FOUND');
	doc.transact(() => notes(doc).delete(noteId), origin);
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
	const entry = notes(doc).get(noteId);
	if (!entry) return fail('NOTE_NOT_FOUND');
	if (clusterId !== null && !clusters(doc).has(clusterId)) return fail('CLUSTER_NOT_FOUND');
	const siblings = notesIn(doc, clusterId).filter((n) => n.id !== noteId);
	const order = orderBefore(siblings, beforeId);
	if (order === null) return fail('NOTE_NOT_FOUND');
	doc.transact(() => {
		entry.set('clusterId', clusterId);
		entry.set('order', order);
	}, origin);
	return ok(readNote(entry)!);
}

export function createCluster(doc: Y.Doc, input: { id: string; title: string }, origin?: unknown): BoardResult<Cluster> {
	const existing = clusters(doc).get(input.id);
	if (existing) {
		const cluster = readCluster(existing);
		return cluster ? ok(cluster) : fail('INVALID_INPUT');
	}
	if (clusters(doc).size >= LIMITS.clustersPerBoard) return fail('CLUSTER_LIMIT');
	const candidate = clusterSchema.safeParse({
		id: input.id,
		title: input.title,
		order: nextOrder(listClusters(doc).map((c) => c.order))
	});
	if (!candidate.success) return fail('INVALID_INPUT');
	doc.transact(() => clusters(doc).set(candidate.data.id, toEntry(candidate.data)), origin);
	return ok(candidate.data);
}

export function renameCluster(doc: Y.Doc, clusterId: string, title: string, origin?: unknown): BoardResult<Cluster> {
	const entry = clusters(doc).get(clusterId);
	if (!entry) return fail('CLUSTER_NOT_FOUND');
	const parsed = clusterTitle.safeParse(title);
	if (!parsed.success) return fail('INVALID_INPUT');
	doc.transact(() => entry.set('title', parsed.data), origin);
	return ok(readCluster(entry)!);
}

/** Moves a cluster before another (or to the end when beforeId is null). */
export function reorderCluster(doc: Y.Doc, clusterId: string, beforeId: string | null, origin?: unknown): BoardResult<Cluster> {
	const entry = clusters(doc).get(clusterId);
	if (!entry) return fail('CLUSTER_NOT_FOUND');
	const order = orderBefore(listClusters(doc).filter((c) => c.id !== clusterId), beforeId);
	if (order === null) return fail('CLUSTER_NOT_FOUND');
	doc.transact(() => entry.set('order', order), origin);
	return ok(readCluster(entry)!);
}

/** Moves every note of `sourceId` to the end of `targetId` and removes the source cluster. */
export function mergeClusters(doc: Y.Doc, sourceId: string, targetId: string, origin?: unknown): BoardResult<Cluster> {
	if (sourceId === targetId) return fail('INVALID_INPUT');
	const target = clusters(doc).get(targetId);
	if (!clusters(doc).has(sourceId) || !target) return fail('CLUSTER_NOT_FOUND');
	doc.transact(() => {
		let order = nextOrder(notesIn(doc, targetId).map((n) => n.order));
		for (const note of notesIn(doc, sourceId)) {
			const entry = notes(doc).get(note.id)!;
			entry.set('clusterId', targetId);
			entry.set('order', order++);
		}
		clusters(doc).delete(sourceId);
	}, origin);
	return ok(readCluster(target)!);
}

/** Removes a cluster; its notes become unclustered (nothing is lost). */
export function removeCluster(doc: Y.Doc, clusterId: string, origin?: unknown): BoardResult {
	if (!clusters(doc).has(clusterId)) return fail('CLUSTER_NOT_FOUND');
	doc.transact(() => {
		let order = nextOrder(notesIn(doc, null).map((n) => n.order));
		for (const note of notesIn(doc, clusterId)) {
			const entry = notes(doc).get(note.id)!;
			entry.set('clusterId', null);
			entry.set('order', order++);
		}
		clusters(doc).delete(clusterId);
	}, origin);
	return ok(undefined);
}

/** Every valid note, in cluster order then note order. Entries that fail the schema are skipped. */
export function listNotes(doc: Y.Doc): Note[] {
	const out: Note[] = [];
	notes(doc).forEach((entry) => {
		const note = readNote(entry);
		if (note) out.push(note);
	});
	return out.sort(byOrder);
}

export function listClusters(doc: Y.Doc): Cluster[] {
	const out: Cluster[] = [];
	clusters(doc).forEach((entry) => {
		const cluster = readCluster(entry);
		if (cluster) out.push(cluster);
	});
	return out.sort(byOrder);
}

export function getNote(doc: Y.Doc, noteId: string): Note | null {
	const entry = notes(doc).get(noteId);
	return entry ? readNote(entry) : null;
}

/** The notes of one cluster (null: the unclustered notes), in order. */
export function notesIn(doc: Y.Doc, clusterId: string | null): Note[] {
	return listNotes(doc).filter((n) => n.clusterId === clusterId);
}

export function countNotesBy(doc: Y.Doc, authorId: string): number {
	let count = 0;
	notes(doc).forEach((entry) => {
		if (entry.get('authorId') === authorId) count++;
	});
	return count;
}

export interface BoardSnapshot {
	schemaVersion: number;
	clusters: (Cluster & { notes: Note[] })[];
	unclustered: Note[];
}

/** The board as plain objects: clusters in order with their notes, then the unclustered notes. */
export function snapshot(doc: Y.Doc): BoardSnapshot {
	const all = listNotes(doc);
	const known = new Set(listClusters(doc).map((c) => c.id));
	return {
		schemaVersion: schemaVersion(doc),
		clusters: listClusters(doc).map((c) => ({ ...c, notes: all.filter((n) => n.clusterId === c.id) })),
		// A note whose cluster vanished in a concurrent edit still shows, never lost.
		unclustered: all.filter((n) => n.clusterId === null || !known.has(n.clusterId))
	};
}

function byOrder(a: { order: number; id: string }, b: { order: number; id: string }): number {
	return a.order - b.order || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** An order value placing an item before `beforeId` in `siblings` (sorted), or at the end. */
function orderBefore(siblings: { id: string; order: number }[], beforeId: string | null): number | null {
	if (beforeId === null) return nextOrder(siblings.map((s) => s.order));
	const index = siblings.findIndex((s) => s.id === beforeId);
	if (index === -1) return null;
	const after = siblings[index].order;
	const before = index > 0 ? siblings[index - 1].order : after - 2;
	return (before + after) / 2;
}
