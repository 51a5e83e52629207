// @ts-check
// Agglomerative clustering with average linkage (UPGMA) over a similarity matrix, stopping at a
// threshold, as Parabol's clusterBySimilarity does. Lance–Williams updates and a cached best
// neighbour per cluster keep 500 ideas well under a second.

/**
 * Groups items whose average pairwise similarity is at least `threshold`.
 * @param {Float32Array} similarity n × n, row-major, symmetric
 * @param {number} n
 * @param {number} threshold
 * @returns {number[][]} clusters as item indices (singletons included), each in ascending order
 */
export function averageLinkage(similarity, n, threshold) {
	const sim = Float32Array.from(similarity);
	const size = new Int32Array(n).fill(1);
	const alive = new Uint8Array(n).fill(1);
	/** @type {number[][]} */
	const members = Array.from({ length: n }, (_, i) => [i]);
	const best = new Int32Array(n).fill(-1);
	const bestSim = new Float32Array(n).fill(-Infinity);

	/** @param {number} i */
	const refresh = (i) => {
		best[i] = -1;
		bestSim[i] = -Infinity;
		const row = i * n;
		for (let j = 0; j < n; j++) {
			if (j !== i && alive[j] && sim[row + j] > bestSim[i]) {
				bestSim[i] = sim[row + j];
				best[i] = j;
			}
		}
	};
	for (let i = 0; i < n; i++) refresh(i);

	for (;;) {
		let a = -1;
		let top = threshold;
		for (let i = 0; i < n; i++) {
			if (alive[i] && best[i] >= 0 && bestSim[i] >= top) {
				top = bestSim[i];
				a = i;
			}
		}
		if (a < 0) break;
		const b = best[a];
		// Merge b into a: average linkage is the size-weighted mean of the two rows.
		const sa = size[a];
		const sb = size[b];
		for (let k = 0; k < n; k++) {
			if (!alive[k] || k === a || k === b) continue;
			const merged = (sa * sim[a * n + k] + sb * sim[b * n + k]) / (sa + sb);
			sim[a * n + k] = merged;
			sim[k * n + a] = merged;
		}
		alive[b] = 0;
		size[a] = sa + sb;
		members[a] = members[a].concat(members[b]);
		members[b] = [];
		for (let k = 0; k < n; k++) {
			if (!alive[k]) continue;
			if (k === a || best[k] === a || best[k] === b) refresh(k);
			else if (sim[k * n + a] > bestSim[k]) {
				bestSim[k] = sim[k * n + a];
				best[k] = a;
			}
		}
	}
	return members.filter((m, i) => alive[i] && m.length).map((m) => m.sort((x, y) => x - y));
}
