import { describe, expect, it } from 'vitest';
import { idSchema } from '../../board/schema';
import { newId } from './new-id';

describe('newId', () => {
	it('gives ids the board accepts, different every time', () => {
		const a = newId('n');
		const b = newId('c');
		expect(idSchema.safeParse(a).success).toBe(true);
		expect(idSchema.safeParse(b).success).toBe(true);
		expect(a.startsWith('n-')).toBe(true);
		expect(b.startsWith('c-')).toBe(true);
		expect(newId('n')).not.toBe(a);
	});
});
