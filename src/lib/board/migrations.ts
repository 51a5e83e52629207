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
	}
};

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
