import type { PresenceEntry } from '../../client/meeting-connection.svelte';

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
	people: PresentPerson[];
	onSite: number;
	remote: number;
	/** Everyone else here (moderators): with onSite and remote, the counts add up to people.length. */
	others: number;
	/** Names of the others who are typing now (never oneself). */
	typing: string[];
}

/** Who is here, counted once per person, and who of the others is typing. */
export function summarisePresence(
	entries: readonly PresenceEntry[],
	me: { id: string | null; clientId: number | null; name: string; role: string; attendance: 'on_site' | 'remote' | null },
	locale = 'sv'
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
	return {
		people: all.map((p) => ({ key: p.key, id: p.id, name: p.name, role: p.role, attendance: p.attendance, isMe: p.isMe })),
		onSite: all.filter((p) => p.attendance === 'on_site').length,
		remote: all.filter((p) => p.attendance === 'remote').length,
		others: all.filter((p) => p.attendance !== 'on_site' && p.attendance !== 'remote').length,
		typing: all.filter((p) => p.typingNow && !p.isMe).map((p) => p.name)
	};
}
