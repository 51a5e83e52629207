import { describe, expect, it } from 'vitest';
import { averageLinkage } from './cluster.js';

function matrix(rows: number[][]): Float32Array {
	return Float32Array.from(rows.flat());
}

describe('average-linkage clustering', () => {
	it('joins items whose average similarity reaches the threshold and keeps the rest apart', () => {
		const m = matrix([
			[1, 0.9, 0.8, 0.1],
			[0.9, 1, 0.7, 0.0],
			[0.8, 0.7, 1, 0.2],
			[0.1, 0.0, 0.2, 1]
		]);
		expect(averageLinkage(m, 4, 0.5)).toEqual([[0, 1, 2], [3]]);
	});

	it('uses the average, not the closest pair: one strong link does not pull a group together', () => {
		// 2 is very like 1 but not at all like 0; once 0 and 1 are joined, 2 averages 0.45.
		const m = matrix([
			[1, 0.95, 0.0],
			[0.95, 1, 0.9],
			[0.0, 0.9, 1]
		]);
		expect(averageLinkage(m, 3, 0.5)).toEqual([[0, 1], [2]]);
	});
});
