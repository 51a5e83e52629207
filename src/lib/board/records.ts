/**
 * The board's records as the browser and the server read them: version, limits, note colours,
 * the Note and Cluster types and structural guards for values read from the document.
 *
 * No zod here: this module is part of the board page's JavaScript, and zod alone would be a
 * quarter of it. The server is the only writer of the document and validates every input with
 * the zod schemas in ./schema.ts before writing; reading needs only these guards.
 *
 * The document, schema version 3 (documented in PROTOCOL.md):
 *
 *   doc.getMap('meta')      schemaVersion: number
 *   doc.getMap('notes')     noteId → { id, text, createdAt, clusterId, order, colour }
 *   doc.getMap('clusters')  clusterId → { id, title, order }
 *
 * Each note and cluster is one plain value, replaced as a whole when it changes: only the server
 * writes, so merging single fields of a note buys nothing, and one value per record keeps the
 * state several times smaller than a nested Y.Map per record (version 1).
 * A note names no author: authorship is kept server-side (PostgreSQL), so that in a meeting with
 * anonymous authors no client can tell which ideas one person wrote (version 2 had `authorId`).
 * Notes without a cluster have clusterId null. `order` is a fractional position within the
 * note's cluster (or among the unclustered notes), so a move touches one note only.
 */
export const BOARD_SCHEMA_VERSION = 3;

/** Limits enforced by the server and shown in the UI. */
export const LIMITS = {
	noteText: 500,
	clusterTitle: 80,
	notesPerParticipant: 50,
	clustersPerBoard: 60,
	notesPerBoard: 2000
} as const;

export const NOTE_COLOURS = ['yellow', 'green', 'blue', 'pink', 'orange'] as const;

export type NoteColour = (typeof NOTE_COLOURS)[number];

export interface Note {
	id: string;
	/** Plain text, trimmed, 1–500 characters, no control characters but line breaks. */
	text: string;
	/** Milliseconds since the epoch, server clock. */
	createdAt: number;
	clusterId: string | null;
	order: number;
	colour: NoteColour;
}

export interface Cluster {
	id: string;
	title: string;
	order: number;
}

/** Note and cluster ids: chosen by the client, so a retried command names the same record. */
export const ID_PATTERN = /^[A-Za-z0-9_-]{8,64}$/;
// eslint-disable-next-line no-control-regex -- rejecting control characters is the point
export const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B-\u001F\u007F]/;

const isId = (v: unknown): v is string => typeof v === 'string' && ID_PATTERN.test(v);
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A note as stored, or null for anything else (a damaged or foreign entry is skipped, not shown). */
export function readNoteValue(value: unknown): Note | null {
	if (!isRecord(value)) return null;
	const { id, text, createdAt, clusterId, order, colour } = value;
	if (
		!isId(id) ||
		typeof text !== 'string' ||
		text.length < 1 ||
		text.length > LIMITS.noteText ||
		CONTROL_CHARACTERS.test(text) ||
		typeof createdAt !== 'number' ||
		!Number.isSafeInteger(createdAt) ||
		createdAt < 0 ||
		(clusterId !== null && !isId(clusterId)) ||
		typeof order !== 'number' ||
		!Number.isFinite(order) ||
		!(NOTE_COLOURS as readonly unknown[]).includes(colour)
	) {
		return null;
	}
	// A copy with exactly the note's fields: the stored value belongs to the document.
	return { id, text, createdAt, clusterId, order, colour: colour as NoteColour };
}

/** A cluster as stored, or null for anything else. */
export function readClusterValue(value: unknown): Cluster | null {
	if (!isRecord(value)) return null;
	const { id, title, order } = value;
	if (!isId(id) || typeof title !== 'string' || title.length < 1 || title.length > LIMITS.clusterTitle || typeof order !== 'number' || !Number.isFinite(order)) {
		return null;
	}
	return { id, title, order };
}
