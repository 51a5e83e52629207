import { describe, expect, it } from 'vitest';
import { authorize, type RuleContext } from './authority';
import { COMMAND_NAMES } from './commands';

const participant = (over: Partial<RuleContext> = {}): RuleContext => ({
	role: 'participant',
	phase: 'brainstorm',
	whoMayGroup: 'moderators',
	locked: false,
	...over
});

describe('authority', () => {
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
