import { describe, expect, it } from 'vitest';
import { priorityStatusInputSchema } from './status';

describe('priority status input', () => {
	it('accepts a status with a reason and an https link', () => {
		const parsed = priorityStatusInputSchema.parse({ status: 'partly', reason: ' Delvis med ', link: 'https://region.se/rus#3' });
		expect(parsed).toEqual({ status: 'partly', reason: 'Delvis med', link: 'https://region.se/rus#3' });
	});

	it('refuses a link that is not http(s), an unknown status and an empty reason', () => {
		expect(priorityStatusInputSchema.safeParse({ status: 'partly', reason: 'x', link: 'javascript:alert(1)' }).success).toBe(false);
		expect(priorityStatusInputSchema.safeParse({ status: 'done', reason: 'x' }).success).toBe(false);
		expect(priorityStatusInputSchema.safeParse({ status: 'partly', reason: '  ' }).success).toBe(false);
		expect(priorityStatusInputSchema.safeParse({ status: 'partly', reason: 'x', extra: 1 }).success).toBe(false);
	});
});
