import type { Namespace, Socket } from 'socket.io';
import { getNote } from '../../src/lib/board/board';
import { authorizeVote } from '../../src/lib/protocol/authority';
import { voteSchemas, type MyVotes, type VoteCommandName, type VoteTallies } from '../../src/lib/protocol/commands';
import type { Ack, ErrorCode } from '../../src/lib/protocol/errors';
import type { Logger } from '../../src/lib/server/log';
import type { Sql } from '../../src/lib/server/db/sql';
import { meetingRules, type MeetingRules, type Principal } from '../board/access';
import type { Room } from '../board/room';
import type { RateLimiter } from '../rate-limit';
import { commandRules, failure, onCommands, validationFailure } from './commands';
import { socketRooms } from './private-notes';

// Dot voting. Votes are rows in PostgreSQL and PostgreSQL is the only judge of the budget and the
// per-item cap: placing a vote is one transaction of three conditional writes (the vote row, whose
// unique idempotency key makes a retry count once; the participant's `votes_used`, raised only
// while below the budget; the per-item tally, raised only while below its cap). Any of them not
// happening rolls the whole vote back. Concurrent votes over several sockets queue on those rows.

class VoteRefused extends Error {
	constructor(readonly code: ErrorCode) {
		super(code);
	}
}

export interface VoteContext {
	sql: Sql;
	log: Logger;
	meetingId: string;
	principal: Principal;
	room: Room;
	namespace: Namespace;
	limiter: RateLimiter;
	/** The votes changed: re-project the theme input (debounced). */
	themeInputChanged?(meetingId: string): void;
}

const VOTE_COMMANDS = Object.keys(voteSchemas) as VoteCommandName[];

export function registerVoteCommands(socket: Socket, context: VoteContext): void {
	onCommands(socket, VOTE_COMMANDS, context, run);
}

async function run(name: VoteCommandName, payload: unknown, context: VoteContext): Promise<Ack> {
	const parsed = voteSchemas[name].safeParse(payload);
	if (!parsed.success) return validationFailure(parsed.error.issues);
	const rules = await commandRules(context.room);
	if (!rules || rules.archived) return failure('NOT_FOUND');
	const decision = authorizeVote({ role: context.principal.role, phase: rules.phase, locked: rules.locked });
	if (!decision.ok) return failure(decision.code);

	const { sql, principal, meetingId } = context;
	try {
		if (name === 'vote:place') {
			const { itemKind, itemId, key } = parsed.data as { itemKind: 'cluster' | 'note'; itemId: string; key: string };
			const exists = itemKind === 'note' ? getNote(context.room.doc, itemId) !== null : context.room.doc.getMap('clusters').has(itemId);
			if (!exists) return failure('NOT_FOUND');
			await placeVote(sql, meetingId, principal.id, rules, { itemKind, itemId, key });
		} else {
			await removeVote(sql, principal.id, (parsed.data as { key: string }).key);
		}
	} catch (error) {
		if (error instanceof VoteRefused) return failure(error.code);
		throw error;
	}
	context.themeInputChanged?.(meetingId);
	await sendMyVotes(context.namespace, sql, meetingId, principal, rules);
	await broadcastVoteState(context.namespace, sql, meetingId);
	return { ok: true };
}

async function placeVote(
	sql: Sql,
	meetingId: string,
	participantId: string,
	rules: MeetingRules,
	vote: { itemKind: 'cluster' | 'note'; itemId: string; key: string }
): Promise<void> {
	await sql.begin(async (tx) => {
		const inserted = await tx`
			insert into votes (meeting_id, participant_id, item_kind, item_id, idempotency_key)
			values (${meetingId}, ${participantId}, ${vote.itemKind}, ${vote.itemId}, ${vote.key})
			on conflict (participant_id, idempotency_key) do nothing
			returning id`;
		if (!inserted.length) return; // a retry of a vote already placed
		const budget = await tx`
			update participants set votes_used = votes_used + 1
			where id = ${participantId} and votes_used < ${rules.votesPerParticipant}
			returning votes_used`;
		if (!budget.length) throw new VoteRefused('VOTE_BUDGET');
		const tally = await tx`
			insert into vote_tallies as t (participant_id, item_kind, item_id, n, cap)
			values (${participantId}, ${vote.itemKind}, ${vote.itemId}, 1, ${rules.maxVotesPerItem})
			on conflict (participant_id, item_kind, item_id)
			do update set n = t.n + 1 where t.n < t.cap
			returning n`;
		if (!tally.length) throw new VoteRefused('VOTE_ITEM_CAP');
	});
}

async function removeVote(sql: Sql, participantId: string, key: string): Promise<void> {
	await sql.begin(async (tx) => {
		const [vote] = await tx<{ itemKind: string; itemId: string }[]>`
			delete from votes where participant_id = ${participantId} and idempotency_key = ${key}
			returning item_kind, item_id`;
		if (!vote) return; // already taken back: what was wanted
		await tx`update participants set votes_used = votes_used - 1 where id = ${participantId} and votes_used > 0`;
		await tx`
			update vote_tallies set n = n - 1
			where participant_id = ${participantId} and item_kind = ${vote.itemKind} and item_id = ${vote.itemId} and n > 0`;
	});
}

export async function myVotes(sql: Sql, meetingId: string, participantId: string, rules: MeetingRules): Promise<MyVotes> {
	const votes = await sql<{ key: string; itemKind: 'cluster' | 'note'; itemId: string }[]>`
		select idempotency_key as key, item_kind, item_id from votes
		where meeting_id = ${meetingId} and participant_id = ${participantId} order by id`;
	return { budget: rules.votesPerParticipant, maxPerItem: rules.maxVotesPerItem, votes };
}

export async function voteTallies(sql: Sql, meetingId: string): Promise<VoteTallies> {
	const rows = await sql<{ itemKind: 'cluster' | 'note'; itemId: string; n: number }[]>`
		select v.item_kind, v.item_id, count(*)::int as n
		from votes v join participants p on p.id = v.participant_id
		where v.meeting_id = ${meetingId} and p.removed_at is null
		group by v.item_kind, v.item_id`;
	const [voters] = await sql<{ n: number }[]>`
		select count(distinct v.participant_id)::int as n
		from votes v join participants p on p.id = v.participant_id
		where v.meeting_id = ${meetingId} and p.removed_at is null`;
	const tallies: VoteTallies = { clusters: {}, notes: {}, voters: voters.n };
	for (const r of rows) (r.itemKind === 'cluster' ? tallies.clusters : tallies.notes)[r.itemId] = r.n;
	return tallies;
}

async function voteProgress(sql: Sql, meetingId: string): Promise<{ voters: number; participants: number }> {
	const [row] = await sql<{ voters: number; participants: number }[]>`
		select count(*) filter (where votes_used > 0)::int as voters, count(*)::int as participants
		from participants where meeting_id = ${meetingId} and removed_at is null`;
	return row;
}

async function sendMyVotes(namespace: Namespace, sql: Sql, meetingId: string, principal: Principal, rules: MeetingRules) {
	if (principal.role !== 'participant') return;
	namespace.to(socketRooms.person(meetingId, principal)).emit('votes:mine', await myVotes(sql, meetingId, principal.id, rules));
}

/**
 * Before the reveal only moderators learn anything beyond their own votes, and only how many have
 * voted; after it, everyone receives the tallies.
 */
export async function broadcastVoteState(namespace: Namespace, sql: Sql, meetingId: string): Promise<void> {
	const rules = await meetingRules(sql, meetingId);
	if (!rules) return;
	if (rules.votesRevealed) namespace.to(socketRooms.meeting(meetingId)).emit('votes:tallies', await voteTallies(sql, meetingId));
	else namespace.to(socketRooms.moderators(meetingId)).emit('votes:progress', await voteProgress(sql, meetingId));
}

/** What a newly connected client may know of the votes. */
export async function sendVoteState(socket: Socket, sql: Sql, meetingId: string, principal: Principal, rules: MeetingRules): Promise<void> {
	if (principal.role === 'participant') socket.emit('votes:mine', await myVotes(sql, meetingId, principal.id, rules));
	if (rules.votesRevealed) socket.emit('votes:tallies', await voteTallies(sql, meetingId));
	else if (principal.role === 'moderator') socket.emit('votes:progress', await voteProgress(sql, meetingId));
	// Someone who just joined counts among those who may vote: the moderators' count follows.
	else if (principal.role === 'participant') socket.nsp.to(socketRooms.moderators(meetingId)).emit('votes:progress', await voteProgress(sql, meetingId));
}
