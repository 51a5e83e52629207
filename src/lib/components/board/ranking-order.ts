/** `items` with the one at `from` moved to `to` (both clamped to the list); the input is not changed. */
export function moveItem<T>(items: readonly T[], from: number, to: number): T[] {
	const result = [...items];
	if (from < 0 || from >= result.length) return result;
	const target = Math.max(0, Math.min(result.length - 1, to));
	const [item] = result.splice(from, 1);
	result.splice(target, 0, item);
	return result;
}
