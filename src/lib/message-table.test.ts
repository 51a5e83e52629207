import { describe, expect, it } from 'vitest';
import { wordsFor, wordsForCode } from './message-table';

describe('message tables', () => {
	it('answers each member of the set with its own message', () => {
		const colourName = wordsFor<'yellow' | 'green'>({ yellow: () => 'gul', green: () => 'grön' });
		expect(colourName('yellow')).toBe('gul');
		expect(colourName('green')).toBe('grön');
	});

	it('asks a message for its words at each call, so values read then are used', () => {
		let max = 10;
		const describe = wordsForCode({ TOO_LONG: () => `at most ${max}` });
		expect(describe('TOO_LONG')).toBe('at most 10');
		max = 20;
		expect(describe('TOO_LONG')).toBe('at most 20');
	});

	it('answers an unknown code with the fallback, or nothing without one', () => {
		const table = { REQUIRED: () => 'required' };
		expect(wordsForCode(table, () => 'invalid')('WHATEVER')).toBe('invalid');
		expect(wordsForCode(table)('WHATEVER')).toBeNull();
	});

	it('answers no code with nothing, even with a fallback', () => {
		const problemText = wordsForCode({ REQUIRED: () => 'required' }, () => 'invalid');
		expect(problemText(undefined)).toBeNull();
		expect(problemText(null)).toBeNull();
	});

	it('does not take an inherited property for a code it knows', () => {
		const problemText = wordsForCode({ REQUIRED: () => 'required' }, () => 'invalid');
		expect(problemText('toString')).toBe('invalid');
		expect(problemText('__proto__')).toBe('invalid');
	});
});
