// What a large meeting's presence carries instead of everyone's state (PROTOCOL.md, *Presence at
// scale*): the server's own awareness state `{ crowd: PresenceCrowd }`.

/**
 * Up to this many presence states in a room everyone sees everyone's (the presence list of a
 * workshop); above it the room is *large* and only a bounded set is sent. The default of
 * SAMLA_PRESENCE_LIST_LIMIT.
 */
export const PRESENCE_LIST_LIMIT = 100;

/** How many people are in the room (each once, however many connections), by attendance. */
export interface PresenceCrowd {
	people: number;
	onSite: number;
	remote: number;
	/** The others: moderators, and people who gave no attendance. */
	others: number;
}

/** The crowd counts of an awareness state, if it is the server's (anything else: null). */
export function crowdOf(state: unknown): PresenceCrowd | null {
	const crowd = (state as { crowd?: unknown } | null)?.crowd as Record<string, unknown> | undefined;
	if (!crowd || typeof crowd !== 'object') return null;
	const n = (v: unknown) => (typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : 0);
	return { people: n(crowd.people), onSite: n(crowd.onSite), remote: n(crowd.remote), others: n(crowd.others) };
}
