/**
 * Where a list shown a page at a time goes next: after the `fit` items shown from `start`, the
 * following ones, and back to the first after the last. A list that fits whole stays put.
 */
export function nextStart(start: number, fit: number, total: number): number {
	if (total <= 0 || start >= total) return 0;
	if (start === 0 && fit >= total) return 0;
	const next = start + Math.max(1, fit);
	return next >= total ? 0 : next;
}
