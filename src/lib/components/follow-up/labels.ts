import { m } from '$lib/paraglide/messages';
import type { PriorityStatus } from '$lib/follow-up/status';
import { wordsFor, type MessageTable } from '$lib/message-table';

const STATUS_LABELS: MessageTable<PriorityStatus> = {
	in_strategy: m.fu_status_in_strategy,
	partly: m.fu_status_partly,
	further_study: m.fu_status_further_study,
	not_relevant: m.fu_status_not_relevant
};
/** A status in the reader's language. */
export const statusLabel = wordsFor(STATUS_LABELS);
