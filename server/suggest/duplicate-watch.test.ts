import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addNote, initBoard } from '../../src/lib/board/board';
import type { DuplicateHint } from '../../src/lib/suggest/suggester';
import { DuplicateWatch } from './duplicate-watch';

describe('duplicate watch', () => {
	it('lists the repeats already on a loaded board without telling anyone, and tells a new repeat that arrives while the board is still being indexed', async () => {
		const doc = new Y.Doc();
		initBoard(doc);
		for (let i = 0; i < 200; i++) {
			const text = i % 2 ? `Fler mötesplatser för unga i hela länet, nummer ${i}` : `Bättre busstrafik på kvällarna i byarna ${i}`;
			addNote(doc, { id: `note-${String(i).padStart(4, '0')}`, text, createdAt: 1_700_000_000_000 + i });
		}
		const told: DuplicateHint[][] = [];
		let heard!: () => void;
		const tellsSomething = new Promise<void>((resolve) => (heard = resolve));
		const watch = new DuplicateWatch(doc, (hints) => {
			told.push(hints);
			heard();
		});
		// Arrives before the loaded notes are all indexed (the constructor returned without indexing them).
		addNote(doc, { id: 'note-new1', text: 'Bättre busstrafik på kvällarna i byarna 0', createdAt: 1_800_000_000_000 });
		await tellsSomething;
		expect(told.flat().map((h) => h.noteId)).toEqual(['note-new1']);
		const listed = watch.list();
		expect(listed.length).toBeGreaterThan(150);
		expect(listed.some((h) => h.noteId === 'note-new1')).toBe(true);
		watch.stop();
	});
});
