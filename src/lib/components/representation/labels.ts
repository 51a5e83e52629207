import { m } from '$lib/paraglide/messages';
import type { ShownCount } from '$lib/server/db/representation';

/** A count as text: the number, or "fewer than 5" for a hidden small group. */
export function countText(count: ShownCount): string {
	return typeof count === 'number' ? String(count) : m.rep_fewer_than({ threshold: count.fewerThan });
}

export function totalText(count: number): string {
	return count === 1 ? m.rep_total_one() : m.rep_total_other({ count });
}

/** A list of names as one line ("Dorotea, Malå, Sorsele"). */
export function namesText(names: readonly string[]): string {
	return names.join(', ');
}
