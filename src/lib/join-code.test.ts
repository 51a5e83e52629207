import { describe, expect, it } from 'vitest';
import { JOIN_CODE_ALPHABET, JOIN_CODE_LENGTH, formatJoinCode, isJoinCode, normaliseJoinCode } from './join-code';

describe('join codes', () => {
	it('the alphabet leaves out characters that are easy to confuse', () => {
		for (const confusable of ['0', 'O', '1', 'I', 'L', 'U']) expect(JOIN_CODE_ALPHABET).not.toContain(confusable);
		expect(new Set(JOIN_CODE_ALPHABET).size).toBe(JOIN_CODE_ALPHABET.length);
	});

	it('a code typed with dashes, spaces or in lower case normalises to the bare code', () => {
		expect(normaliseJoinCode('abc-def-ghj')).toBe('ABCDEFGHJ');
		expect(normaliseJoinCode(' ABC DEF  GHJ ')).toBe('ABCDEFGHJ');
		expect(normaliseJoinCode('abc–def—ghj')).toBe('ABCDEFGHJ');
		expect(normaliseJoinCode('\tAbC-dEf ghJ\n')).toBe('ABCDEFGHJ');
	});

	it('accepts only nine characters of the alphabet', () => {
		expect(JOIN_CODE_LENGTH).toBe(9);
		expect(isJoinCode('ABCDEFGHJ')).toBe(true);
		expect(isJoinCode('23456789Z')).toBe(true);
		expect(isJoinCode('ABCDEFGH')).toBe(false);
		expect(isJoinCode('ABCDEFGHJK')).toBe(false);
		expect(isJoinCode('ABCDEFGHI')).toBe(false);
		expect(isJoinCode('ABCDEFGH0')).toBe(false);
		expect(isJoinCode('abcdefghj')).toBe(false);
		expect(isJoinCode('ABC-DEF-GHJ')).toBe(false);
		expect(isJoinCode('')).toBe(false);
	});

	it('formats a code in three groups of three for people to read', () => {
		expect(formatJoinCode('ABCDEFGHJ')).toBe('ABC-DEF-GHJ');
		expect(formatJoinCode('abc def ghj')).toBe('ABC-DEF-GHJ');
	});
});
