import { describe, expect, it } from 'vitest';
import { publicRepresentation, suppressCount, suppressSmall, type Representation } from './representation';

describe('suppressSmall', () => {
	it('shows groups of one to four people as "fewer than 5"', () => {
		expect(suppressSmall([1, 2, 3, 4])).toEqual([{ fewerThan: 5 }, { fewerThan: 5 }, { fewerThan: 5 }, { fewerThan: 5 }]);
	});

	it('shows groups of five or more exactly', () => {
		expect(suppressSmall([5, 6, 120])).toEqual([5, 6, 120]);
	});

	it('keeps nobody as 0, so that the room sees whom to call on', () => {
		expect(suppressSmall([0])).toEqual([0]);
	});

	it('follows another threshold when asked', () => {
		expect(suppressSmall([2, 3, 10], 3)).toEqual([{ fewerThan: 3 }, 3, 10]);
		expect(suppressCount(9, 10)).toEqual({ fewerThan: 10 });
	});
});

describe('publicRepresentation', () => {
	const exact: Representation = {
		total: 9,
		onSite: 7,
		remote: 2,
		sectors: [
			{ code: 'municipality', name: 'Kommun', count: 6 },
			{ code: 'business', name: 'Näringsliv', count: 1 },
			{ code: 'civil', name: 'Civilsamhälle', count: 0 }
		],
		municipalities: [
			{ code: '2480', name: 'Umeå', count: 5 },
			{ code: '2418', name: 'Malå', count: 0 },
			{ code: '2482', name: 'Skellefteå', count: 3 }
		],
		sectorNotGiven: 2,
		municipalityNotGiven: 1,
		missingSectors: ['Civilsamhälle'],
		missingMunicipalities: ['Malå']
	};

	it('hides the small groups of every breakdown and keeps the empty ones', () => {
		const shown = publicRepresentation(exact);
		expect(shown.onSite).toBe(7);
		expect(shown.remote).toEqual({ fewerThan: 5 });
		expect(shown.sectors.map((s) => s.count)).toEqual([6, { fewerThan: 5 }, 0]);
		expect(shown.municipalities.map((s) => s.count)).toEqual([5, 0, { fewerThan: 5 }]);
		expect(shown.missingMunicipalities).toEqual(['Malå']);
	});

	it('leaves out the total and the "not given" counts, from which a hidden group could be worked out', () => {
		const shown = publicRepresentation(exact) as unknown as Record<string, unknown>;
		expect(shown).not.toHaveProperty('total');
		expect(shown).not.toHaveProperty('sectorNotGiven');
		expect(shown).not.toHaveProperty('municipalityNotGiven');
		expect(JSON.stringify(shown)).not.toMatch(/"count":[1-4]\b/);
	});
});
