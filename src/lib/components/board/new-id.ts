/**
 * A fresh id for a note (`n-…`) or a cluster (`c-…`) that matches the board's id schema.
 * crypto.randomUUID exists only in secure contexts; getRandomValues exists everywhere.
 */
export function newId(prefix: 'n' | 'c'): string {
	if (typeof crypto.randomUUID === 'function') return `${prefix}-${crypto.randomUUID()}`;
	const bytes = crypto.getRandomValues(new Uint8Array(16));
	return `${prefix}-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}
