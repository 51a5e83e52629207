import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decide, type Actor, type MeetingModel, type ModelAck, type ModelCommand } from './meeting';
import { isPhaseStep, PHASES } from './phases';

// Property tests of the meeting engine over random command sequences (issue 11): whatever anyone
// sends, in whatever order, the invariants hold.

const moderator: Actor = { role: 'moderator', id: 'm' };
const participants: Actor[] = ['p1', 'p2', 'p3'].map((id) => ({ role: 'participant', id }));
const projector: Actor = { role: 'projector', id: 'projector' };

export const actorArb = fc.oneof(
	{ arbitrary: fc.constant(moderator), weight: 3 },
	{ arbitrary: fc.constantFrom(...participants), weight: 6 },
	{ arbitrary: fc.constant(projector), weight: 1 }
);
/** Few ids, so that retries, duplicates and votes on existing ideas happen often. */
const ideaId = fc.constantFrom('i1', 'i2', 'i3', 'i4', 'i5', 'i6');
const voteKey = fc.constantFrom('k1', 'k2', 'k3', 'k4', 'k5', 'k6', 'k7');

export const commandArb: fc.Arbitrary<ModelCommand> = fc.oneof(
	{ arbitrary: fc.record({ name: fc.constant('note:add' as const), by: actorArb, id: ideaId }), weight: 4 },
	{ arbitrary: fc.record({ name: fc.constant('meeting:phase' as const), by: actorArb, phase: fc.constantFrom(...PHASES) }), weight: 3 },
	{ arbitrary: fc.record({ name: fc.constant('notes:reveal' as const), by: actorArb }), weight: 1 },
	{ arbitrary: fc.record({ name: fc.constant('board:lock' as const), by: actorArb, locked: fc.boolean() }), weight: 1 },
	{ arbitrary: fc.record({ name: fc.constant('vote:place' as const), by: actorArb, itemId: ideaId, key: voteKey }), weight: 5 },
	{ arbitrary: fc.record({ name: fc.constant('vote:remove' as const), by: actorArb, key: voteKey }), weight: 2 }
);

export function newMeeting(settings: Partial<MeetingModel> = {}): MeetingModel {
	return {
		phase: 'draft',
		locked: false,
		notesPrivateUntilReveal: true,
		notesRevealed: false,
		whoMayGroup: 'moderators',
		lateNotesAllowed: false,
		votesPerParticipant: 3,
		maxVotesPerItem: 2,
		ideas: [],
		votes: [],
		phaseLog: [],
		...settings
	};
}

/** A meeting's settings and the phase the sequence starts in (later phases: the ideas were revealed). */
const settingsArb = fc.record({
	phase: fc.oneof({ arbitrary: fc.constant('vote' as const), weight: 2 }, { arbitrary: fc.constantFrom(...PHASES), weight: 3 }),
	notesPrivateUntilReveal: fc.boolean(),
	lateNotesAllowed: fc.boolean(),
	votesPerParticipant: fc.integer({ min: 1, max: 4 }),
	maxVotesPerItem: fc.integer({ min: 1, max: 4 })
}).map((s) => {
	const revealed = PHASES.indexOf(s.phase) > PHASES.indexOf('brainstorm');
	// Past brainstorm there are ideas on the board already.
	const ideas = revealed ? ['p1', 'p2', 'm'].map((authorId, i) => ({ id: `i${i + 1}`, authorId, visibility: 'board' as const })) : [];
	return { ...s, notesRevealed: revealed, ideas };
});

/** Runs the commands; calls `check(before, command, ack, after)` after each. */
function run(meeting: MeetingModel, commands: ModelCommand[], check: (before: MeetingModel, command: ModelCommand, ok: boolean, after: MeetingModel, ack: ModelAck) => void) {
	let current = meeting;
	for (const command of commands) {
		const { ack, meeting: next } = decide(current, command);
		const after = next ?? current;
		check(current, command, ack.ok, after, ack);
		current = after;
	}
	return current;
}

const RUNS = { numRuns: 1000 };

/** An invariant inside a run (cheaper than expect in these loops; fast-check shrinks on the throw). */
function holds(condition: boolean, what: string): void {
	if (!condition) throw new Error(`Invariant broken: ${what}`);
}
/** A thousand sequences take a few seconds on a busy machine. */
const SLOW = 60_000;

describe('the meeting engine under random command sequences', () => {
	it('nobody ever holds more votes than the budget, nor more on one item than its cap', () => {
		const seen = { placed: 0, refusedBudget: 0 };
		fc.assert(
			fc.property(settingsArb, fc.array(commandArb, { minLength: 10, maxLength: 60, size: 'max' }), (settings, commands) => {
				run(newMeeting(settings), commands, (_before, command, ok, after, ack) => {
					if (command.name === 'vote:place' && ok) seen.placed++;
					if (!ack.ok && ack.code === 'VOTE_BUDGET') seen.refusedBudget++;
					for (const person of participants) {
						const mine = after.votes.filter((v) => v.participantId === person.id);
						holds(mine.length <= after.votesPerParticipant, 'within the budget');
						for (const item of new Set(mine.map((v) => v.itemId))) {
							holds(mine.filter((v) => v.itemId === item).length <= after.maxVotesPerItem, 'within the cap per item');
						}
					}
				});
			}),
			RUNS
		);
		// The sequences do reach voting, and the budget: the property is not vacuous.
		expect(seen.placed).toBeGreaterThan(1000);
		expect(seen.refusedBudget).toBeGreaterThan(100);
	}, SLOW);

	it('no acknowledged idea is lost, and once revealed every idea is on the board', () => {
		fc.assert(
			fc.property(settingsArb, fc.array(commandArb, { minLength: 10, maxLength: 60, size: 'max' }), (settings, commands) => {
				const acknowledged = new Map<string, string>();
				run(newMeeting(settings), commands, (_before, command, ok, after) => {
					if (command.name === 'note:add' && ok) acknowledged.set(command.id, command.by.id);
					for (const [id, author] of acknowledged) holds(after.ideas.find((i) => i.id === id)?.authorId === author, `idea ${id} kept`);
					if (after.notesRevealed) holds(after.ideas.every((i) => i.visibility === 'board'), 'revealed ideas on the board');
					// Leaving brainstorm forward always reveals: no idea stays hidden by accident.
					if (PHASES.indexOf(after.phase) > PHASES.indexOf('brainstorm')) holds(after.ideas.every((i) => i.visibility === 'board'), 'nothing private after brainstorm');
				});
			}),
			RUNS
		);
	}, SLOW);

	it('the phase only ever moves one step, forward or back, and only by a moderator', () => {
		fc.assert(
			fc.property(settingsArb, fc.array(commandArb, { minLength: 10, maxLength: 60, size: 'max' }), (settings, commands) => {
				run(newMeeting(settings), commands, (before, command, ok, after) => {
					if (after.phase === before.phase) return;
					holds(isPhaseStep(before.phase, after.phase), `${before.phase} → ${after.phase} is one step`);
					holds(ok && command.name === 'meeting:phase' && command.by.role === 'moderator', 'moved by a moderator');
					holds(after.phaseLog.at(-1) === after.phase, 'the move is logged');
				});
			}),
			RUNS
		);
	}, SLOW);

	it('a closed meeting is frozen: only going back one phase changes anything', () => {
		fc.assert(
			fc.property(fc.array(commandArb, { minLength: 10, maxLength: 60, size: 'max' }), (commands) => {
				// Sequences that reach `closed` are rare by chance; these begin in rank.
				const start = newMeeting({ phase: 'rank', notesRevealed: true });
				run(start, [{ name: 'meeting:phase', by: moderator, phase: 'closed' }, ...commands], (before, command, _ok, after) => {
					if (before.phase !== 'closed') return;
					if (command.name === 'meeting:phase' && command.phase === 'rank' && command.by.role === 'moderator') return;
					holds(after === before, `closed: ${command.name} changed nothing`);
				});
			}),
			RUNS
		);
	}, SLOW);

	it('the projector changes nothing, ever', () => {
		fc.assert(
			fc.property(settingsArb, fc.array(commandArb, { minLength: 10, maxLength: 40, size: 'max' }), (settings, commands) => {
				run(newMeeting(settings), commands, (before, command, ok, after) => {
					if (command.by.role !== 'projector') return;
					holds(!ok && after === before, 'the projector changed nothing');
				});
			}),
			RUNS
		);
	}, SLOW);
});
