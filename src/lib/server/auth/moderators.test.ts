import { describe, expect, it } from 'vitest';
import { normaliseEmail, parseNewModerator } from './moderators';

const valid = { email: ' Anna.Andersson@Region.SE ', name: ' Anna Andersson ', password: 'correct horse battery' };

describe('parseNewModerator', () => {
	it('accepts a valid moderator and normalises e-mail and name', () => {
		expect(parseNewModerator(valid)).toEqual({
			ok: true,
			value: { email: 'anna.andersson@region.se', name: 'Anna Andersson', password: 'correct horse battery' }
		});
	});

	it('names every field that is wrong', () => {
		expect(parseNewModerator({ email: 'not an address', name: '  ', password: 'short' })).toEqual({
			ok: false,
			code: 'VALIDATION',
			problems: { email: 'EMAIL_INVALID', name: 'NAME_REQUIRED', password: 'PASSWORD_TOO_SHORT' }
		});
	});

	it('refuses names over 100 characters and passwords over 256', () => {
		const result = parseNewModerator({ ...valid, name: 'x'.repeat(101), password: 'x'.repeat(257) });
		expect(result).toMatchObject({ ok: false, problems: { name: 'NAME_TOO_LONG', password: 'PASSWORD_TOO_LONG' } });
	});

	it('accepts a password of exactly 12 characters', () => {
		expect(parseNewModerator({ ...valid, password: '123456789012' }).ok).toBe(true);
	});
});

describe('normaliseEmail', () => {
	it('trims and lower-cases', () => {
		expect(normaliseEmail('  A@B.SE ')).toBe('a@b.se');
	});
});
