import { describe, expect, it } from 'vitest';
import { csvField } from './csv';

describe('csvField', () => {
	it('quotes fields with commas, quotes or line breaks as RFC 4180 says, and leaves others alone', () => {
		expect(csvField('Umeå')).toBe('Umeå');
		expect(csvField('a, b')).toBe('"a, b"');
		expect(csvField('säg "hej"')).toBe('"säg ""hej"""');
		expect(csvField('rad 1\nrad 2')).toBe('"rad 1\nrad 2"');
		expect(csvField(null)).toBe('');
		expect(csvField(3)).toBe('3');
		expect(csvField(true)).toBe('true');
	});
});
