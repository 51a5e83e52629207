import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { schemaVersion } from './board';
import { upgradeBoard } from './migrations';
import { BOARD_SCHEMA_VERSION } from './schema';

describe('board migrations', () => {
	it('an empty document is upgraded to the current schema version', () => {
		const doc = new Y.Doc();
		expect(upgradeBoard(doc)).toEqual({ from: 0, to: BOARD_SCHEMA_VERSION });
		expect(schemaVersion(doc)).toBe(BOARD_SCHEMA_VERSION);
	});

	it('a current document is left unchanged', () => {
		const doc = new Y.Doc();
		upgradeBoard(doc);
		const before = Y.encodeStateAsUpdate(doc);
		expect(upgradeBoard(doc)).toEqual({ from: BOARD_SCHEMA_VERSION, to: BOARD_SCHEMA_VERSION });
		expect(Y.encodeStateAsUpdate(doc)).toEqual(before);
	});

	it('a document from a newer Samla is refused, not damaged', () => {
		const doc = new Y.Doc();
		doc.getMap('meta').set('schemaVersion', BOARD_SCHEMA_VERSION + 1);
		expect(() => upgradeBoard(doc)).toThrow(/newer/);
	});
});
