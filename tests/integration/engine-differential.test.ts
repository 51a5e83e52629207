import fc from 'fast-check';
import type { Socket } from 'socket.io-client';
import { describe, expect, it } from 'vitest';
import { decide, type Actor, type MeetingModel, type ModelAck, type ModelCommand } from '../../src/lib/engine/meeting';
import { PHASES } from '../../src/lib/engine/phases';
import { useTestApp } from './harness';
import { arrangeMeeting, arrangeParticipant, command, meetingSocket } from './board-fixtures';

// Issue 11: the meeting engine and the running server agree. Random command sequences go to the
// real server (raw socket.io commands over PostgreSQL) and to the pure engine; every
// acknowledgement must be the same, and at the end the server's meeting must be the engine's:
// phase, lock, every idea with its author and visibility, every vote. Fewer runs than the engine's
// own property tests (src/lib/engine/meeting.test.ts): each command is a round trip.

const moderator: Actor = { role: 'moderator', id: 'm' };
const people: Actor[] = ['p1', 'p2', 'p3'].map((id) => ({ role: 'participant', id }));
const ideaIds = ['idea-0001', 'idea-0002', 'idea-0003', 'idea-0004', 'idea-0005'];
const voteKeys = ['vote-key-01', 'vote-key-02', 'vote-key-03', 'vote-key-04', 'vote-key-05', 'vote-key-06'];

const actor = fc.oneof({ arbitrary: fc.constant(moderator), weight: 1 }, { arbitrary: fc.constantFrom(...people), weight: 3 });
const commandArb: fc.Arbitrary<ModelCommand> = fc.oneof(
	{ arbitrary: fc.record({ name: fc.constant('note:add' as const), by: actor, id: fc.constantFrom(...ideaIds) }), weight: 3 },
	{ arbitrary: fc.record({ name: fc.constant('meeting:phase' as const), by: actor, phase: fc.constantFrom(...PHASES) }), weight: 2 },
	{ arbitrary: fc.record({ name: fc.constant('notes:reveal' as const), by: actor }), weight: 1 },
	{ arbitrary: fc.record({ name: fc.constant('board:lock' as const), by: actor, locked: fc.boolean() }), weight: 1 },
	{ arbitrary: fc.record({ name: fc.constant('vote:place' as const), by: actor, itemId: fc.constantFrom(...ideaIds), key: fc.constantFrom(...voteKeys) }), weight: 4 },
	{ arbitrary: fc.record({ name: fc.constant('vote:remove' as const), by: actor, key: fc.constantFrom(...voteKeys) }), weight: 1 }
);
/** Where the random part starts: the prelude moves the meeting there through the same commands. */
const startArb = fc.record({ phase: fc.constantFrom('brainstorm', 'group', 'vote', 'rank'), private: fc.boolean(), budget: fc.integer({ min: 1, max: 3 }) });

/** The payload a command has on the wire. */
function wire(c: ModelCommand): [string, unknown] {
	switch (c.name) {
		case 'note:add':
			return [c.name, { id: c.id, text: `Idé ${c.id}` }];
		case 'meeting:phase':
			return [c.name, { phase: c.phase }];
		case 'notes:reveal':
			return [c.name, {}];
		case 'board:lock':
			return [c.name, { locked: c.locked }];
		case 'vote:place':
			return [c.name, { itemKind: 'note', itemId: c.itemId, key: c.key }];
		case 'vote:remove':
			return [c.name, { key: c.key }];
	}
}

const outcome = (ack: { ok: boolean; code?: string }): ModelAck => (ack.ok ? { ok: true } : { ok: false, code: ack.code as never });

describe('the server agrees with the meeting engine (issue 11)', () => {
	const app = useTestApp();

	it('random command sequences get the same acknowledgements from both and leave the same meeting', async () => {
		let compared = 0;
		await fc.assert(
			fc.asyncProperty(startArb, fc.array(commandArb, { minLength: 15, maxLength: 30, size: 'max' }), async (start, commands) => {
				const meeting = await arrangeMeeting(app.sql, { phase: 'brainstorm', private: start.private });
				const cap = Math.min(2, start.budget);
				await app.sql`update meetings set votes_per_participant = ${start.budget}, max_votes_per_item = ${cap} where id = ${meeting.meetingId}`;
				const ids = new Map<string, string>([['m', meeting.moderatorId]]);
				const sockets = new Map<string, Socket>([['m', await meetingSocket(app.url, meeting.meetingId, meeting.moderatorToken)]]);
				for (const person of people) {
					const participant = await arrangeParticipant(app.sql, meeting.meetingId, person.id);
					ids.set(person.id, participant.id);
					sockets.set(person.id, await meetingSocket(app.url, meeting.meetingId, participant.token));
				}
				let model: MeetingModel = {
					phase: 'brainstorm',
					locked: false,
					notesPrivateUntilReveal: start.private,
					notesRevealed: false,
					whoMayGroup: 'moderators',
					lateNotesAllowed: false,
					votesPerParticipant: start.budget,
					maxVotesPerItem: cap,
					ideas: [],
					votes: [],
					phaseLog: []
				};
				const prelude: ModelCommand[] = [
					{ name: 'note:add', by: people[0], id: ideaIds[0] },
					{ name: 'note:add', by: people[1], id: ideaIds[1] },
					{ name: 'note:add', by: moderator, id: ideaIds[2] },
					...PHASES.slice(2, PHASES.indexOf(start.phase) + 1).map((phase) => ({ name: 'meeting:phase' as const, by: moderator, phase }))
				];
				try {
					for (const c of [...prelude, ...commands]) {
						const expected = decide(model, c);
						const [name, payload] = wire(c);
						const ack = await command(sockets.get(c.by.id)!, name, payload);
						expect(outcome(ack), `${c.by.id} ${name} ${JSON.stringify(payload)} in ${model.phase}`).toEqual(expected.ack);
						model = expected.meeting ?? model;
						compared++;
					}
					const [stored] = await app.sql<{ phase: string; locked: boolean }[]>`select phase, locked from meetings where id = ${meeting.meetingId}`;
					expect(stored).toEqual({ phase: model.phase, locked: model.locked });
					const authorOf = new Map([...ids].map(([k, v]) => [v, k]));
					// A moderator votes through the participant identity linked to them (issue 11).
					for (const { id } of await app.sql<{ id: string }[]>`
						select id from participants where meeting_id = ${meeting.meetingId} and moderator_id = ${meeting.moderatorId}`) {
						authorOf.set(id, 'm');
					}
					const ideas = await app.sql<{ id: string; authorId: string; visibility: string }[]>`
						select id, author_id, visibility from notes where meeting_id = ${meeting.meetingId} order by id`;
					expect(ideas.map((i) => ({ ...i, authorId: authorOf.get(i.authorId) }))).toEqual([...model.ideas].sort((a, b) => a.id.localeCompare(b.id)));
					const votes = await app.sql<{ participantId: string; itemId: string; key: string }[]>`
						select participant_id, item_id, idempotency_key as key from votes where meeting_id = ${meeting.meetingId} order by idempotency_key, participant_id`;
					const sortVotes = (list: { participantId: string; itemId: string; key: string }[]) =>
						[...list].sort((a, b) => a.key.localeCompare(b.key) || a.participantId.localeCompare(b.participantId));
					expect(sortVotes(votes.map((v) => ({ ...v, participantId: authorOf.get(v.participantId)! })))).toEqual(sortVotes(model.votes));
				} finally {
					for (const socket of sockets.values()) socket.disconnect();
				}
			}),
			{ numRuns: 25 }
		);
		expect(compared).toBeGreaterThan(25 * 15);
	}, 300_000);
});
