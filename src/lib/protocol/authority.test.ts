import { describe, expect, it } from 'vitest';
import { authorize, authorizeControl, authorizeVote, type RuleContext } from './authority';
import { COMMAND_NAMES, controlSchemas, type ControlName } from './commands';

const participant = (over: Partial<RuleContext> = {}): RuleContext => ({
	role: 'participant',
	phase: 'brainstorm',
	whoMayGroup: 'moderators',
	locked: false,
	...over
});

describe('authority', () => {
	it('participants and moderators (as participants, issue 11) vote in the vote phase while unlocked; the projector never', () => {
		for (const role of ['participant', 'moderator'] as const) {
			expect(authorizeVote({ role, phase: 'vote', locked: false })).toEqual({ ok: true });
			expect(authorizeVote({ role, phase: 'group', locked: false })).toEqual({ ok: false, code: 'PHASE_CLOSED' });
			expect(authorizeVote({ role, phase: 'vote', locked: true })).toEqual({ ok: false, code: 'BOARD_LOCKED' });
		}
		expect(authorizeVote({ role: 'projector', phase: 'vote', locked: false })).toEqual({ ok: false, code: 'FORBIDDEN' });
	});

	it('a participant posts notes in brainstorm but not in draft or vote', () => {
		expect(authorize('note:add', participant())).toEqual({ ok: true });
		expect(authorize('note:add', participant({ phase: 'draft' }))).toEqual({ ok: false, code: 'PHASE_CLOSED' });
		expect(authorize('note:add', participant({ phase: 'vote' }))).toEqual({ ok: false, code: 'PHASE_CLOSED' });
		expect(authorize('note:add', participant({ phase: 'vote', lateNotesAllowed: true }))).toEqual({ ok: true });
	});

	it('a participant edits and removes only their own notes, and only until voting starts', () => {
		expect(authorize('note:edit', participant({ ownNote: true }))).toEqual({ ok: true });
		expect(authorize('note:remove', participant({ ownNote: false }))).toEqual({ ok: false, code: 'FORBIDDEN' });
		expect(authorize('note:edit', participant({ ownNote: true, phase: 'vote' }))).toEqual({ ok: false, code: 'PHASE_CLOSED' });
	});

	it('a participant groups only in the group phase of a meeting that lets everyone group', () => {
		expect(authorize('note:move', participant({ phase: 'group' }))).toEqual({ ok: false, code: 'FORBIDDEN' });
		expect(authorize('cluster:create', participant({ phase: 'group', whoMayGroup: 'everyone' }))).toEqual({ ok: true });
		expect(authorize('cluster:create', participant({ phase: 'brainstorm', whoMayGroup: 'everyone' }))).toEqual({
			ok: false,
			code: 'PHASE_CLOSED'
		});
	});

	it('a moderator may do everything until the meeting closes or the board is locked', () => {
		for (const command of COMMAND_NAMES) {
			expect(authorize(command, { ...participant({ phase: 'draft' }), role: 'moderator' })).toEqual({ ok: true });
			expect(authorize(command, { ...participant({ phase: 'closed' }), role: 'moderator' }).ok).toBe(false);
			expect(authorize(command, { ...participant({ locked: true }), role: 'moderator' })).toEqual({ ok: false, code: 'BOARD_LOCKED' });
		}
	});

	it('the projector may change nothing', () => {
		for (const command of COMMAND_NAMES) {
			expect(authorize(command, { ...participant(), role: 'projector' })).toEqual({ ok: false, code: 'FORBIDDEN' });
		}
	});
});

describe('control authority', () => {
	const controls = Object.keys(controlSchemas) as ControlName[];

	it('only a moderator controls a meeting: participants and the projector are refused every control command', () => {
		for (const name of controls) {
			expect(authorizeControl(name, { role: 'participant', phase: 'group' }), name).toEqual({ ok: false, code: 'FORBIDDEN' });
			expect(authorizeControl(name, { role: 'projector', phase: 'group' }), name).toEqual({ ok: false, code: 'FORBIDDEN' });
		}
	});

	it('a closed meeting is frozen: only reading and going back one phase remain', () => {
		const allowed = controls.filter((name) => authorizeControl(name, { role: 'moderator', phase: 'closed' }).ok);
		expect(allowed.sort()).toEqual(['audit:list', 'meeting:phase', 'moderation:list', 'projector:link']);
	});

	it('the priority list changes only while ranking, suggestions are asked for only while grouping', () => {
		expect(authorizeControl('rank:order', { role: 'moderator', phase: 'vote' })).toEqual({ ok: false, code: 'PHASE_CLOSED' });
		expect(authorizeControl('rank:update', { role: 'moderator', phase: 'rank' })).toEqual({ ok: true });
		expect(authorizeControl('board:suggest', { role: 'moderator', phase: 'brainstorm' })).toEqual({ ok: false, code: 'PHASE_CLOSED' });
		expect(authorizeControl('board:suggest', { role: 'moderator', phase: 'group' })).toEqual({ ok: true });
	});
});
