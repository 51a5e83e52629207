import { describe, expect, it } from 'vitest';
import { findDuplicates } from './duplicates.js';

describe('duplicate hints', () => {
	it('hints at a copy with a typo and at a copy with a word added, not at a paraphrase', () => {
		const hints = findDuplicates([
			{ id: '1', text: 'Bättre kollektivtrafik i glesbygden' },
			{ id: '2', text: 'Fler bussar till inlandet' },
			{ id: '3', text: 'Bättre kolektivtrafik i glesbygden' },
			{ id: '4', text: 'Fler bussar till inlandet och fjällen' },
			{ id: '5', text: 'Bussar oftare i byarna' }
		]);
		expect(hints.map((h) => [h.noteId, h.duplicateOfId])).toEqual([
			['3', '1'],
			['4', '2']
		]);
	});

	it('points from the later idea to the earlier one by the time they were written', () => {
		const hints = findDuplicates([
			{ id: 'new', text: 'Fler poliser i glesbygden!', createdAt: 20 },
			{ id: 'old', text: 'Fler poliser i glesbygden', createdAt: 10 }
		]);
		expect(hints).toEqual([{ noteId: 'new', duplicateOfId: 'old', similarity: 1 }]);
	});
});
