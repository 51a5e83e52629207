/** A latency distribution summarised the way the bench prints it. */
export interface Summary {
	count: number;
	p50: number;
	p95: number;
	p99: number;
	max: number;
}

/** Nearest-rank percentiles (p in 0..100) of a list of numbers; NaN for an empty list. */
export function summarise(values: ArrayLike<number>): Summary {
	const sorted = Float64Array.from(values).sort();
	const at = (p: number) => percentileOfSorted(sorted, p);
	return { count: sorted.length, p50: at(50), p95: at(95), p99: at(99), max: sorted.length ? sorted[sorted.length - 1] : NaN };
}

/** The nearest-rank percentile p (0..100) of numbers sorted ascending; NaN for an empty list. */
export function percentileOfSorted(sorted: ArrayLike<number>, p: number): number {
	return sorted.length ? sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] : NaN;
}

export function median(values: number[]): number {
	return summarise(values).p50;
}

export function ms(value: number): string {
	if (!Number.isFinite(value)) return '–';
	return value < 10 ? `${value.toFixed(2)} ms` : value < 100 ? `${value.toFixed(1)} ms` : `${Math.round(value)} ms`;
}

export function kb(bytes: number, digits = 1): string {
	return `${(bytes / 1024).toFixed(digits)} KB`;
}

export function count(value: number): string {
	return Math.round(value).toLocaleString('en-GB').replace(/,/g, ' ');
}

/** A plain-text table: the first row is the header; columns after the first are right-aligned. */
export function table(rows: string[][]): string {
	const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
	const line = (r: string[]) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('   ');
	return [line(rows[0]), widths.map((w) => '─'.repeat(w)).join('   '), ...rows.slice(1).map(line)].join('\n');
}

export function heading(title: string): string {
	return `\n${title}\n${'═'.repeat(title.length)}`;
}
