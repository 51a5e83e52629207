import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { fieldProblems } from './field-problems';

describe('field problems', () => {
	const schema = z.strictObject({
		title: z.string().min(1, { error: 'REQUIRED' }),
		questions: z.array(z.string().max(3, { error: 'TOO_LONG' }))
	});

	it('names the first problem of each field, and unknown fields', () => {
		const result = schema.safeParse({ title: '', questions: ['ok', 'too long'], colour: 'red' });
		expect(result.success).toBe(false);
		if (result.success) return;
		expect(fieldProblems(result.error)).toEqual({ title: 'REQUIRED', questions: 'TOO_LONG', colour: 'UNKNOWN_FIELD' });
	});
});
