import { describe, expect, it } from 'vitest';
import { NoteSelection } from './selection.svelte';

const order = ['a', 'b', 'c', 'd', 'e'];

describe('note selection', () => {
	it('a click toggles one note and a shift-click selects the range from the last one toggled', () => {
		const selection = new NoteSelection();
		selection.pick('b', false, order);
		selection.pick('e', true, order);
		expect(selection.ordered(order)).toEqual(['b', 'c', 'd', 'e']);
		selection.pick('c', false, order);
		expect(selection.ordered(order)).toEqual(['b', 'd', 'e']);
	});

	it('forgets notes that are gone and keeps board order whatever the picking order', () => {
		const selection = new NoteSelection();
		for (const id of ['e', 'a', 'c']) selection.pick(id, false, order);
		selection.keepOnly(new Set(['a', 'e']));
		expect(selection.ordered(order)).toEqual(['a', 'e']);
	});
});
