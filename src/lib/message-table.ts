/**
 * The words for each member of a closed set (a phase, a colour, an error code…), as one typed table
 * of message functions instead of a `switch` per set. `Record<K, …>` makes the table exhaustive the
 * way the switches were: a new member without words fails the type check.
 *
 * The table holds the catalogue's functions themselves (`m.board_phase_draft`), or a closure where a
 * message needs values, so each message stays its own import and the bundle keeps only those used.
 */
export type MessageTable<K extends string> = { readonly [key in K]: () => string };

/** The words for a member of the set. */
export function wordsFor<K extends string>(table: MessageTable<K>): (key: K) => string {
	return (key) => table[key]();
}

/**
 * The words for a code that came from outside (a form's answer, a problem code): those of the table
 * when it knows the code, `fallback`'s for any other (none without one), none for no code at all.
 */
export function wordsForCode<K extends string>(
	table: MessageTable<K>,
	fallback?: () => string
): (code: string | undefined | null) => string | null {
	return (code) => {
		if (code === undefined || code === null) return null;
		if (Object.hasOwn(table, code)) return table[code as K]();
		return fallback ? fallback() : null;
	};
}
