import type { Meeting } from '$lib/meeting';
import type { Phase } from '$lib/engine/phases';
import { m } from '$lib/paraglide/messages';

/** The name of a phase for people. */
export function phaseLabel(phase: Phase): string {
	switch (phase) {
		case 'draft':
			return m.meet_phase_draft();
		case 'brainstorm':
			return m.meet_phase_brainstorm();
		case 'group':
			return m.meet_phase_group();
		case 'vote':
			return m.meet_phase_vote();
		case 'rank':
			return m.meet_phase_rank();
		case 'closed':
			return m.meet_phase_closed();
	}
}

/** Where a meeting is held, for people: the place, "remote only", or that none is set. */
export function placeLabel(meeting: Pick<Meeting, 'location' | 'remoteOnly'>): string {
	if (meeting.remoteOnly) return m.meet_remote_only();
	return meeting.location || m.meet_no_place();
}
