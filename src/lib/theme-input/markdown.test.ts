import { describe, expect, it } from 'vitest';
import { mdText } from './markdown';

describe('mdText', () => {
	it('keeps participants’ text as text: no markup, no HTML, one line', () => {
		expect(mdText('**fet** <b>html</b> [länk](x)')).toBe('\\*\\*fet\\*\\* \\<b\\>html\\</b\\> \\[länk\\](x)');
		expect(mdText('rad 1\n  rad 2')).toBe('rad 1 rad 2');
		expect(mdText('1. inte en lista')).toBe('1\\. inte en lista');
		expect(mdText('- inte heller')).toBe('\\- inte heller');
		expect(mdText('a | b')).toBe('a \\| b');
	});
});
