import { m } from '$lib/paraglide/messages';
import { crowdOf, type PresenceCrowd } from '../../protocol/presence';

/** One connection's presence, as the server stamped it. */
export interface PresenceEntry {
	clientId: number;
	id: string | null;
	name: string;
	role: string;
	attendance: 'on_site' | 'remote' | null;
	typing: boolean;
}

/** The presence entries of the board's awareness states, and a large meeting's counts (the server's state). */
export function readPresence(states: Iterable<readonly [clientId: number, state: Record<string, unknown> | null]>): { entries: PresenceEntry[]; crowd: PresenceCrowd | null } {
	const entries: PresenceEntry[] = [];
	let crowd: PresenceCrowd | null = null;
	for (const [clientId, state] of states) {
		crowd ??= crowdOf(state);
		const user = state?.user as { id?: string; name?: string; role?: string; attendance?: 'on_site' | 'remote' | null } | undefined;
		if (!user?.name) continue; // our own local state before the server stamped it, or the server's counts
		entries.push({
			clientId,
			id: user.id ?? null,
			name: user.name,
			role: user.role ?? 'participant',
			attendance: user.attendance ?? null,
			typing: state?.typing === true
		});
	}
	return { entries, crowd };
}

/** One person in the room, however many tabs or devices they have open. */
export interface PresentPerson {
	key: string;
	/** Participant or moderator id; null in anonymous meetings, where the server sends no ids. */
	id: string | null;
	name: string;
	role: string;
	attendance: 'on_site' | 'remote' | null;
	isMe: boolean;
}

export interface PresenceSummary {
	/** The people listed: everyone, or in a large meeting moderators, people typing and oneself. */
	people: PresentPerson[];
	/** Everyone here: people.length, or a large meeting's count. */
	total: number;
	/** How many of the total are not listed (a large meeting). */
	unlisted: number;
	onSite: number;
	remote: number;
	/** Everyone else here (moderators): with onSite and remote, the counts add up to people.length. */
	others: number;
	/** Names of the others who are typing now (never oneself). */
	typing: string[];
}

/**
 * Who is here, counted once per person, and who of the others is typing. In a large meeting
 * (`crowd`, PROTOCOL.md *Presence at scale*) the counts are the server's, and only some are listed.
 */
export function summarisePresence(
	entries: readonly PresenceEntry[],
	me: { id: string | null; clientId: number | null; name: string; role: string; attendance: 'on_site' | 'remote' | null },
	locale = 'sv',
	crowd: PresenceCrowd | null = null
): PresenceSummary {
	const byKey = new Map<string, PresentPerson & { typingNow: boolean }>();
	// The server stamps names on presence for the others; one's own local state never has it.
	const self: PresenceEntry = { clientId: me.clientId ?? -1, id: me.id, name: me.name, role: me.role, attendance: me.attendance, typing: false };
	for (const entry of [self, ...entries.filter((e) => e.clientId !== me.clientId)]) {
		const key = entry.id ? `${entry.role}:${entry.id}` : `client:${entry.clientId}`;
		const known = byKey.get(key);
		if (known) {
			known.typingNow ||= entry.typing;
			continue;
		}
		byKey.set(key, {
			key,
			id: entry.id,
			name: entry.name,
			role: entry.role,
			attendance: entry.attendance,
			isMe: (entry.id !== null && entry.id === me.id) || entry.clientId === me.clientId,
			typingNow: entry.typing
		});
	}
	const all = [...byKey.values()].sort(
		(a, b) => Number(b.isMe) - Number(a.isMe) || a.name.localeCompare(b.name, locale) || a.key.localeCompare(b.key)
	);
	// The server's counts include oneself; never show fewer than are listed (counts lag by seconds).
	const total = Math.max(crowd?.people ?? 0, all.length);
	return {
		people: all.map((p) => ({ key: p.key, id: p.id, name: p.name, role: p.role, attendance: p.attendance, isMe: p.isMe })),
		total,
		unlisted: total - all.length,
		onSite: crowd ? crowd.onSite : all.filter((p) => p.attendance === 'on_site').length,
		remote: crowd ? crowd.remote : all.filter((p) => p.attendance === 'remote').length,
		others: crowd ? total - crowd.onSite - crowd.remote : all.filter((p) => p.attendance !== 'on_site' && p.attendance !== 'remote').length,
		typing: all.filter((p) => p.typingNow && !p.isMe).map((p) => p.name)
	};
}

/** Who of the others is typing, in words (none when nobody is). */
export function typingLine(names: readonly string[]): string | null {
	if (names.length === 0) return null;
	if (names.length === 1) return m.board_typing_one({ name: names[0] });
	if (names.length === 2) return m.board_typing_two({ first: names[0], second: names[1] });
	return m.board_typing_many({ count: names.length });
}
