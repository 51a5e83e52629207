import { z } from 'zod';

/**
 * What became of a priority after its meeting: the process owner's answer to the participants.
 * The codes are the public contract (SQL, exports, API); the words are in the message catalogue.
 */
export const PRIORITY_STATUSES = ['in_strategy', 'partly', 'further_study', 'not_relevant'] as const;
export type PriorityStatus = (typeof PRIORITY_STATUSES)[number];

export const STATUS_REASON_MAX = 2000;
export const STATUS_LINK_MAX = 500;

/** An http(s) address, or nothing: a link to the strategy text must not run script or leave the web. */
const link = z
	.string()
	.trim()
	.max(STATUS_LINK_MAX)
	.refine((value) => {
		if (value === '') return true;
		try {
			const url = new URL(value);
			return url.protocol === 'https:' || url.protocol === 'http:';
		} catch {
			return false;
		}
	}, 'LINK');

/** A status as the owner sets it (API body and form). */
export const priorityStatusInputSchema = z.strictObject({
	status: z.enum(PRIORITY_STATUSES),
	reason: z.string().trim().min(1).max(STATUS_REASON_MAX),
	link: link.default('')
});
export type PriorityStatusInput = z.infer<typeof priorityStatusInputSchema>;

/** A priority's status as the exports carry it. */
export const priorityFollowUpSchema = z.object({
	status: z.enum(PRIORITY_STATUSES),
	reason: z.string(),
	link: z.string().nullable().describe('An http(s) address of the strategy text, or null'),
	updatedAt: z.iso.datetime({ offset: true })
});
export type PriorityFollowUp = z.infer<typeof priorityFollowUpSchema>;
