import { z } from 'zod';
import { CONTROL_CHARACTERS, ID_PATTERN, LIMITS, NOTE_COLOURS, type Cluster, type Note } from './records';

// The zod validators of board input, used by the server before it writes the document (the only
// writer). The browser never imports this module: the records, limits and read guards it needs
// are in ./records.ts, without zod.

export const idSchema = z.string().regex(ID_PATTERN, 'id');

/** Plain text only: trimmed, no control characters except line breaks. */
export const noteText = z
	.string()
	.transform((s) => s.replace(/\r\n?/g, '\n').trim())
	.pipe(
		z
			.string()
			.min(1)
			.max(LIMITS.noteText)
			.refine((s) => !CONTROL_CHARACTERS.test(s), 'control characters')
	);

export const clusterTitle = z
	.string()
	.transform((s) => s.replace(/\s+/g, ' ').trim())
	.pipe(z.string().min(1).max(LIMITS.clusterTitle));

export const noteSchema = z.object({
	id: idSchema,
	text: noteText,
	createdAt: z.number().int().nonnegative(),
	clusterId: idSchema.nullable(),
	order: z.number().finite(),
	colour: z.enum(NOTE_COLOURS)
}) satisfies z.ZodType<Note, unknown>;

export const clusterSchema = z.object({
	id: idSchema,
	title: clusterTitle,
	order: z.number().finite()
}) satisfies z.ZodType<Cluster, unknown>;
