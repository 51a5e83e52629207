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

describe('csvField against formula injection (issue 9, defect 12)', () => {
	it('prefixes text that a spreadsheet would run as a formula with an apostrophe, and leaves numbers alone', () => {
		expect(csvField('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
		expect(csvField('+46 70')).toBe("'+46 70");
		expect(csvField('-1')).toBe("'-1");
		expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
		expect(csvField('\tx')).toBe("'\tx");
		expect(csvField('\rx')).toBe(`"'\rx"`);
		expect(csvField('a=b')).toBe('a=b');
		expect(csvField(-1)).toBe('-1');
	});
	it('quotes for the separator in use', () => {
		expect(csvField('a;b', ';')).toBe('"a;b"');
		expect(csvField('a,b', ';')).toBe('a,b');
	});
});
