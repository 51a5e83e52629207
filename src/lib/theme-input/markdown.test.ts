import { describe, expect, it } from 'vitest';
import { mdText } from './markdown';

describe('mdText', () => {
	it('keeps participants’ text as text: no markup, no HTML, one line', () => {
		expect(mdText('**fet** <b>html</b> [länk](x)')).toBe('\\*\\*fet\\*\\* \\<b\\>html\\</b\\> \\[länk\\](x)');
		expect(mdText('rad 1\n  rad 2')).toBe('rad 1 rad 2');
		expect(mdText('1. inte en lista')).toBe('1\\. inte en lista');
		expect(mdText('1) inte heller en lista')).toBe('1\\) inte heller en lista');
		expect(mdText('- inte heller')).toBe('\\- inte heller');
		expect(mdText('# ingen rubrik')).toBe('\\# ingen rubrik');
	});
	it('escapes only what Markdown would act on, so pasted as plain text it still reads right (issue 12)', () => {
		expect(mdText('Vision 2040: 1. mål, #1 i länet, a | b, snake_case och 3.5 %')).toBe('Vision 2040: 1. mål, #1 i länet, a | b, snake_case och 3.5 %');
		expect(mdText('a | b', { inTable: true })).toBe('a \\| b');
		expect(mdText('_betoning_')).toBe('\\_betoning\\_');
	});
});
