import * as Y from 'yjs';
import { BOARD_SCHEMA_VERSION } from './records';
import { schemaVersion } from './read';

/**
 * Upgrade steps of the board document: `steps[n]` turns a version-n document into version n + 1.
 * A new schema version adds one step here and raises BOARD_SCHEMA_VERSION.
 */
const steps: Record<number, (doc: Y.Doc) => void> = {
	// 0 → 1: an empty document becomes a board.
	0: (doc) => doc.getMap('meta').set('schemaVersion', 1),
	// 1 → 2: every note and cluster, a nested Y.Map of fields in version 1, becomes one plain value
	// with the same fields (the state shrinks several times; only the server writes, so per-field
	// merging bought nothing).
	1: (doc) => {
		for (const name of ['notes', 'clusters']) {
			const map = doc.getMap<unknown>(name);
			for (const [key, value] of [...map.entries()]) {
				if (value instanceof Y.Map) map.set(key, value.toJSON());
			}
		}
	},
	// 2 → 3: notes lose `authorId` (authorship moves to PostgreSQL; read it first with
	// legacyNoteAuthors). Nothing in the shared document may link two ideas to one person.
	2: (doc) => {
		const notes = doc.getMap<unknown>('notes');
		for (const [key, value] of [...notes.entries()]) {
			if (typeof value === 'object' && value !== null && 'authorId' in value) {
				const { authorId: _authorId, ...rest } = value as Record<string, unknown>;
				notes.set(key, rest);
			}
		}
	}
};

/**
 * The authors a document of schema version 2 or older still names (note id → author id), to be
 * recorded server-side before the document is upgraded. Empty for a current document.
 */
export function legacyNoteAuthors(doc: Y.Doc): { noteId: string; authorId: string; createdAt: number }[] {
	if (schemaVersion(doc) >= 3) return [];
	const authors: { noteId: string; authorId: string; createdAt: number }[] = [];
	doc.getMap<unknown>('notes').forEach((value, noteId) => {
		const fields = value instanceof Y.Map ? (value.toJSON() as Record<string, unknown>) : (value as Record<string, unknown> | null);
		const authorId = fields?.authorId;
		const createdAt = fields?.createdAt;
		if (typeof authorId === 'string') authors.push({ noteId, authorId, createdAt: typeof createdAt === 'number' ? createdAt : 0 });
	});
	return authors;
}

/**
 * Brings a document up to BOARD_SCHEMA_VERSION in one transaction with `origin`. Returns the
 * versions it went from and to. A document from a newer Samla is refused rather than damaged.
 */
export function upgradeBoard(doc: Y.Doc, origin?: unknown): { from: number; to: number } {
	const from = schemaVersion(doc);
	if (from > BOARD_SCHEMA_VERSION) {
		throw new Error(`Board schema version ${from} is newer than this server's ${BOARD_SCHEMA_VERSION}`);
	}
	if (from === BOARD_SCHEMA_VERSION) return { from, to: from };
	doc.transact(() => {
		for (let v = from; v < BOARD_SCHEMA_VERSION; v++) {
			const step = steps[v];
			if (!step) throw new Error(`No upgrade step from board schema version ${v}`);
			step(doc);
			doc.getMap('meta').set('schemaVersion', v + 1);
		}
	}, origin);
	return { from, to: BOARD_SCHEMA_VERSION };
}
