import { describe, expect, it } from 'vitest';
import { checkAccessibilityReport } from './accessibility-report';

describe('accessibility report', () => {
	it('needs only a description; name and e-mail may be left empty', () => {
		expect(checkAccessibilityReport({ description: '  The vote button is not reachable with Tab. ' })).toEqual({
			ok: true,
			report: { name: '', email: '', description: 'The vote button is not reachable with Tab.' }
		});
	});

	it('an empty description is missing', () => {
		expect(checkAccessibilityReport({ name: 'Anna', description: '   ' })).toEqual({ ok: false, problems: { description: 'missing' } });
	});

	it('an e-mail address, when given, must be one', () => {
		expect(checkAccessibilityReport({ email: 'anna@', description: 'x' })).toEqual({ ok: false, problems: { email: 'invalid' } });
		expect(checkAccessibilityReport({ email: 'anna@umea.se', description: 'x' }).ok).toBe(true);
	});

	it('refuses an over-long description and name, naming each field', () => {
		const result = checkAccessibilityReport({ name: 'n'.repeat(201), description: 'd'.repeat(5001) });
		expect(result).toEqual({ ok: false, problems: { name: 'too_long', description: 'too_long' } });
	});
});
