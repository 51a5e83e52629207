import { z } from 'zod';

/**
 * The board's Y.Doc schema, version 1 (documented in PROTOCOL.md):
 *
 *   doc.getMap('meta')      schemaVersion: number
 *   doc.getMap('notes')     noteId → Y.Map { id, text, authorId, createdAt, clusterId, order, colour }
 *   doc.getMap('clusters')  clusterId → Y.Map { id, title, order }
 *
 * Notes without a cluster have clusterId null. `order` is a fractional position within the
 * note's cluster (or among the unclustered notes), so a move touches one note only.
 */
export const BOARD_SCHEMA_VERSION = 1;

/** Limits enforced by the server and shown in the UI. */
export const LIMITS = {
	noteText: 500,
	clusterTitle: 80,
	notesPerParticipant: 50,
	clustersPerBoard: 60,
	notesPerBoard: 2000
} as const;

export const NOTE_COLOURS = ['yellow', 'green', 'blue', 'pink', 'orange'] as const;

const id = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'id');

/** Plain text only: trimmed, no control characters except line breaks. */
export const noteText = z
	.string()
	.transform((s) => s.replace(/\r\n?/g, '\n').trim())
	.pipe(
		z
			.string()
			.min(1)
			.max(LIMITS.noteText)
			// eslint-disable-next-line no-control-regex -- rejecting control characters is the point
			.refine((s) => !/[\u0000-\u0008\u000B-\u001F\u007F]/.test(s), 'control characters')
	);

export const clusterTitle = z
	.string()
	.transform((s) => s.replace(/\s+/g, ' ').trim())
	.pipe(z.string().min(1).max(LIMITS.clusterTitle));

export const noteSchema = z.object({
	id,
	text: noteText,
	authorId: z.string().min(1).max(64),
	createdAt: z.number().int().nonnegative(),
	clusterId: id.nullable(),
	order: z.number().finite(),
	colour: z.enum(NOTE_COLOURS)
});

export const clusterSchema = z.object({
	id,
	title: clusterTitle,
	order: z.number().finite()
});

export type Note = z.infer<typeof noteSchema>;
export type Cluster = z.infer<typeof clusterSchema>;
export type NoteColour = (typeof NOTE_COLOURS)[number];
export const idSchema = id;
