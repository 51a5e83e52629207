import type * as Y from 'yjs';
import { readClusterValue, readNoteValue, type Cluster, type Note } from './records';

// Reading a board's Y.Doc: the part of the board model the browser needs (it never writes the
// document). No zod and no Yjs code beyond the types, so the board page stays small.

/** The notes map: noteId → note value (schema version 2). */
export function notesMap(doc: Y.Doc): Y.Map<unknown> {
	return doc.getMap('notes');
}

/** The clusters map: clusterId → cluster value (schema version 2). */
export function clustersMap(doc: Y.Doc): Y.Map<unknown> {
	return doc.getMap('clusters');
}

/** The schema version a document carries (0 for an empty document). */
export function schemaVersion(doc: Y.Doc): number {
	const v = doc.getMap('meta').get('schemaVersion');
	return typeof v === 'number' ? v : 0;
}

/** Every valid note, in cluster order then note order. Entries that fail the guard are skipped. */
export function listNotes(doc: Y.Doc): Note[] {
	const out: Note[] = [];
	notesMap(doc).forEach((value) => {
		const note = readNoteValue(value);
		if (note) out.push(note);
	});
	return out.sort(byOrder);
}

export function listClusters(doc: Y.Doc): Cluster[] {
	const out: Cluster[] = [];
	clustersMap(doc).forEach((value) => {
		const cluster = readClusterValue(value);
		if (cluster) out.push(cluster);
	});
	return out.sort(byOrder);
}

export function getNote(doc: Y.Doc, noteId: string): Note | null {
	return readNoteValue(notesMap(doc).get(noteId));
}

export function getCluster(doc: Y.Doc, clusterId: string): Cluster | null {
	return readClusterValue(clustersMap(doc).get(clusterId));
}

/** The notes of one cluster (null: the unclustered notes), in order. */
export function notesIn(doc: Y.Doc, clusterId: string | null): Note[] {
	const out: Note[] = [];
	notesMap(doc).forEach((value) => {
		// The cluster compared before the whole note is checked: a move reads every note of the board
		// this way, and checking each (ids, text) cost more than the rest of a move (issue 15's storm).
		if ((value as { clusterId?: unknown } | null)?.clusterId !== clusterId) return;
		const note = readNoteValue(value);
		if (note) out.push(note);
	});
	return out.sort(byOrder);
}

export interface BoardSnapshot {
	schemaVersion: number;
	clusters: (Cluster & { notes: Note[] })[];
	unclustered: Note[];
}

/** The board as plain objects: clusters in order with their notes, then the unclustered notes. */
export function snapshot(doc: Y.Doc): BoardSnapshot {
	const clusters = listClusters(doc).map((c) => ({ ...c, notes: [] as Note[] }));
	const byId = new Map(clusters.map((c) => [c.id, c]));
	const unclustered: Note[] = [];
	for (const note of listNotes(doc)) {
		// A note whose cluster vanished in a concurrent edit still shows, never lost.
		const cluster = note.clusterId === null ? undefined : byId.get(note.clusterId);
		if (cluster) cluster.notes.push(note);
		else unclustered.push(note);
	}
	return { schemaVersion: schemaVersion(doc), clusters, unclustered };
}

/** Sorts by order, ties by id, so every replica shows the same sequence. */
export function byOrder(a: { order: number; id: string }, b: { order: number; id: string }): number {
	return a.order - b.order || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
