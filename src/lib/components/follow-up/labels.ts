import { m } from '$lib/paraglide/messages';
import type { PriorityStatus } from '$lib/follow-up/status';

/** A status in the reader's language. */
export function statusLabel(status: PriorityStatus): string {
	switch (status) {
		case 'in_strategy':
			return m.fu_status_in_strategy();
		case 'partly':
			return m.fu_status_partly();
		case 'further_study':
			return m.fu_status_further_study();
		case 'not_relevant':
			return m.fu_status_not_relevant();
	}
}
