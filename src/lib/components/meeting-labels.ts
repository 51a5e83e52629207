import type { Meeting } from '$lib/meeting';
import { m } from '$lib/paraglide/messages';

/** The name of a phase for people: the board's word for it, the same on every page. */
export { phaseName as phaseLabel } from './board/labels';

/** Where a meeting is held, for people: the place, "remote only", or that none is set. */
export function placeLabel(meeting: Pick<Meeting, 'location' | 'remoteOnly'>): string {
	if (meeting.remoteOnly) return m.meet_remote_only();
	return meeting.location || m.meet_no_place();
}
