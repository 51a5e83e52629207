import { describe, expect, it } from 'vitest';
import { stemSwedish } from './stemmer.js';

// Expected stems worked out by hand from the Snowball definition (steps 1–3, R1).
const SAMPLES: [string, string][] = [
	['jaktkarlarne', 'jaktkarl'],
	['jaktkarlens', 'jaktkarl'],
	['klokhet', 'klok'],
	['klokheten', 'klok'],
	['klokt', 'klokt'],
	['kloka', 'klok'],
	['klokare', 'klok'],
	['klokast', 'klok'],
	['bussar', 'buss'],
	['bussarna', 'buss'],
	['glesbygden', 'glesbyg'],
	['glesbygd', 'glesbyg'],
	['hopplöst', 'hopplös'],
	['vackerfullt', 'vackerfull'],
	['kollektivtrafiken', 'kollektivtrafik'],
	['möjligheter', 'möj'],
	['fullt', 'fullt'],
	['barnens', 'barn']
];

describe('the Swedish Snowball stemmer', () => {
	it.each(SAMPLES)('stems %s to %s', (word, stem) => {
		expect(stemSwedish(word)).toBe(stem);
	});

	it('leaves short words alone', () => {
		expect(stemSwedish('och')).toBe('och');
		expect(stemSwedish('tåg')).toBe('tåg');
	});
});
