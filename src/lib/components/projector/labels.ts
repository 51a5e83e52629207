import { m } from '$lib/paraglide/messages';
import type { Phase } from '$lib/engine/phases';

// The projector's words, from the message catalogue: what the room reads from its back rows.

/** Each phase's name, and what the room should do now. */
const PHASES: { readonly [phase in Phase]: { name: () => string; help: (room: RoomView) => string } } = {
	draft: { name: m.proj_phase_draft, help: () => m.proj_do_draft() },
	brainstorm: { name: m.proj_phase_brainstorm, help: (room) => (room.privateBrainstorm ? m.proj_do_brainstorm_private() : m.proj_do_brainstorm()) },
	group: { name: m.proj_phase_group, help: () => m.proj_do_group() },
	vote: { name: m.proj_phase_vote, help: (room) => (room.votesRevealed ? m.proj_do_vote_revealed() : m.proj_do_vote()) },
	rank: { name: m.proj_phase_rank, help: () => m.proj_do_rank() },
	closed: { name: m.proj_phase_closed, help: () => m.proj_do_closed() }
};

interface RoomView {
	privateBrainstorm: boolean;
	votesRevealed: boolean;
}

export function phaseName(phase: Phase): string {
	return PHASES[phase].name();
}

export function phaseHelp(phase: Phase, room: RoomView): string {
	return PHASES[phase].help(room);
}

export function votesText(count: number): string {
	return count === 1 ? m.proj_votes_one() : m.proj_votes_other({ count });
}

export function votersText(count: number): string {
	return count === 1 ? m.proj_results_voters_one() : m.proj_results_voters_other({ count });
}

export function ideasText(count: number): string {
	return count === 1 ? m.scr_proj_ideas_one() : m.scr_proj_ideas_other({ count });
}
