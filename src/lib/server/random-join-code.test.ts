import { describe, expect, it } from 'vitest';
import { JOIN_CODE_ALPHABET, isJoinCode } from '../join-code';
import { JOIN_CODE_ENTROPY_BITS, randomJoinCode } from './random-join-code';

describe('random join codes', () => {
	it('use no characters that look alike when read off a projector', () => {
		for (const lookAlike of ['0', 'O', '1', 'I', 'L', 'U']) expect(JOIN_CODE_ALPHABET).not.toContain(lookAlike);
		expect(JOIN_CODE_ALPHABET).toMatch(/^[2-9A-Z]+$/);
	});

	it('are nine characters of the alphabet', () => {
		for (let i = 0; i < 1000; i++) {
			const code = randomJoinCode();
			expect(code).toHaveLength(9);
			expect(isJoinCode(code)).toBe(true);
		}
	});

	it('carry at least 40 bits of entropy', () => {
		expect(JOIN_CODE_ENTROPY_BITS).toBeGreaterThanOrEqual(40);
		expect(JOIN_CODE_ENTROPY_BITS).toBeCloseTo(9 * Math.log2(30), 10);
	});

	it('choose every character about equally often', () => {
		const counts = new Map<string, number>();
		const codes = 20_000;
		for (let i = 0; i < codes; i++) for (const c of randomJoinCode()) counts.set(c, (counts.get(c) ?? 0) + 1);
		expect(counts.size).toBe(JOIN_CODE_ALPHABET.length);
		const expected = (codes * 9) / JOIN_CODE_ALPHABET.length;
		// Pearson's chi-squared with 29 degrees of freedom: 58.3 is the 0.999 quantile.
		let chiSquared = 0;
		for (const count of counts.values()) chiSquared += (count - expected) ** 2 / expected;
		expect(chiSquared).toBeLessThan(58.3);
	});

	it('skip bytes that would bias the modulo instead of folding them onto the first characters', () => {
		// 240..255 are rejected; 0 and 29 map to the first and the last character.
		const bytes = [255, 240, 0, 29, 30, 59, 239, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
		const code = randomJoinCode((buffer) => {
			buffer.set(bytes.slice(0, buffer.length));
			return buffer;
		});
		expect(code).toBe('2Z2ZZ3456');
	});

	it('draws again when a whole buffer was rejected', () => {
		let calls = 0;
		const code = randomJoinCode((buffer) => {
			buffer.fill(calls++ === 0 ? 250 : 0);
			return buffer;
		});
		expect(calls).toBe(2);
		expect(code).toBe('222222222');
	});
});
