import { randomUUID } from 'node:crypto';
import { createParticipantSession } from '../src/lib/server/auth/participant-session';
import { createSession } from '../src/lib/server/auth/session';
import type { Sql } from '../src/lib/server/db/sql';

export interface ArrangedMeeting {
	meetingId: string;
	/** One session token per moderator socket the bench opens. */
	moderatorTokens: string[];
}

export interface ArrangedParticipant {
	id: string;
	token: string;
}

/**
 * A process, a meeting in `phase` and its moderators, written straight into the app's database
 * (as the integration tests arrange theirs): the bench measures the live board, not the forms.
 */
export async function arrangeMeeting(sql: Sql, options: { moderators: number; phase?: string; title?: string }): Promise<ArrangedMeeting> {
	const moderators = await Promise.all(
		Array.from({ length: options.moderators }, async (_, i) => {
			const [row] = await sql<{ id: string }[]>`
				insert into moderators (email, name, password_hash)
				values (${`bench-${randomUUID()}@example.se`}, ${`Moderator ${i + 1}`}, 'not-a-real-hash') returning id`;
			return row.id;
		})
	);
	const [process] = await sql<{ id: string }[]>`
		insert into processes (title, created_by) values ('Bench: RUS 2020–2040', ${moderators[0]}) returning id`;
	for (const [i, id] of moderators.entries()) {
		await sql`insert into process_moderators (process_id, moderator_id, role) values (${process.id}, ${id}, ${i === 0 ? 'owner' : 'moderator'})`;
	}
	const code = Array.from({ length: 9 }, () => '23456789ABCDEFGHJKMNPQRSTVWXYZ'[Math.floor(Math.random() * 30)]).join('');
	// Notes go to everyone at once (the setting "notes private until reveal" is off): the bench
	// measures the shared board.
	const [meeting] = await sql<{ id: string }[]>`
		insert into meetings (process_id, theme_title, join_code, phase, who_may_group, notes_private_until_reveal)
		values (${process.id}, ${options.title ?? 'Framtidens kulturliv'}, ${code}, ${options.phase ?? 'brainstorm'}, 'moderators', false)
		returning id`;
	const moderatorTokens = await Promise.all(moderators.map(async (id) => (await createSession(sql, id)).token));
	return { meetingId: meeting.id, moderatorTokens };
}

/** `count` participants of a meeting, each with its own participant session (token). */
export async function arrangeParticipants(sql: Sql, meetingId: string, count: number): Promise<ArrangedParticipant[]> {
	if (count === 0) return [];
	const rows = Array.from({ length: count }, (_, i) => ({
		meeting_id: meetingId,
		display_name: `Deltagare ${i + 1}`,
		attendance: i % 3 === 0 ? 'on_site' : 'remote'
	}));
	const participants = await sql<{ id: string }[]>`insert into participants ${sql(rows)} returning id`;
	const out: ArrangedParticipant[] = [];
	for (let i = 0; i < participants.length; i += 20) {
		const batch = participants.slice(i, i + 20);
		out.push(...(await Promise.all(batch.map(async (p) => ({ id: p.id, token: (await createParticipantSession(sql, p.id)).token })))));
	}
	return out;
}
