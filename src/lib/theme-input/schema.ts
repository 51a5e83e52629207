import { z } from 'zod';
import { priorityFollowUpSchema } from '../follow-up/status';

/**
 * The theme-input export of one meeting, schema version 2 (documented in PROTOCOL.md and
 * published as JSON Schema at /api/v1/schemas/theme-input.json). Used by the JSON export, the
 * CSV and Markdown exports, the process synthesis and their tests. A change that a consumer
 * could notice raises THEME_INPUT_SCHEMA_VERSION.
 */
export const THEME_INPUT_SCHEMA_VERSION = 2;

/** Groups of fewer people than this are not shown in anything meant for publication. */
export const SUPPRESSION_THRESHOLD = 5;

const dateTime = z.iso.datetime({ offset: true });
const count = z.int().nonnegative();
const attendance = z.enum(['on_site', 'remote']);

/** A group of participants (a sector, a municipality, on site / remote) and its size. */
export const segmentSchema = z.object({
	code: z.string().nullable().describe('Reference-list code; null: participants who did not say'),
	name: z.string(),
	participants: count.nullable().describe('null when suppressed'),
	suppressed: z.boolean()
});

/** Votes on one cluster from one group: on the cluster itself, and on its ideas. */
export const segmentVotesSchema = z.object({
	code: z.string().nullable(),
	name: z.string(),
	votes: count.nullable().describe('Votes on the cluster itself; null when suppressed'),
	ideaVotes: count.nullable().describe('Votes on its ideas; null when suppressed'),
	suppressed: z.boolean()
});

export const ideaSchema = z.object({
	id: z.string(),
	text: z.string(),
	createdAt: dateTime,
	votes: count,
	author: z.object({
		kind: z.enum(['participant', 'moderator', 'unknown']),
		sectorCode: z.string().nullable(),
		sectorName: z.string().nullable(),
		municipalityCode: z.string().nullable(),
		municipalityName: z.string().nullable(),
		attendance: attendance.nullable(),
		name: z.string().nullable().describe('Only when the meeting shows authors, its data is not purged, and not for publication')
	})
});

export const clusterSchema = z.object({
	id: z.string(),
	title: z.string(),
	boardOrder: z.int().positive(),
	rank: z.int().positive().nullable().describe('Place on the ranked priority list (1 = highest); null when not ranked'),
	isTop: z.boolean(),
	rationale: z.string(),
	votes: count,
	ideaVotes: count,
	votesBySector: z.array(segmentVotesSchema),
	votesByMunicipality: z.array(segmentVotesSchema),
	ideas: z.array(ideaSchema),
	followUp: priorityFollowUpSchema.nullable().describe("The process owner's status of this priority after the meeting; null when none is set")
});

export const participationSchema = z.object({
	participants: count,
	voters: count,
	byAttendance: z.array(segmentSchema),
	bySector: z.array(segmentSchema),
	byMunicipality: z.array(segmentSchema)
});

export const themeInputExportSchema = z
	.object({
		schemaVersion: z.literal(THEME_INPUT_SCHEMA_VERSION),
		generatedAt: dateTime,
		publication: z.boolean().describe('true: groups under suppressionThreshold people are suppressed and no names are included'),
		suppressionThreshold: z.int().positive(),
		process: z.object({ id: z.uuid(), title: z.string() }),
		meeting: z.object({
			id: z.uuid(),
			themeTitle: z.string(),
			guidingQuestions: z.array(z.string()),
			startsAt: dateTime.nullable(),
			endsAt: dateTime.nullable(),
			location: z.string(),
			remoteOnly: z.boolean(),
			phase: z.enum(['draft', 'brainstorm', 'group', 'vote', 'rank', 'closed']),
			closedAt: dateTime.nullable(),
			anonymousAuthors: z.boolean(),
			purged: z.boolean()
		}),
		projection: z.object({
			projectedAt: dateTime.nullable(),
			final: z.boolean().describe('true: projected after the meeting closed; this is its definitive input'),
			boardSchemaVersion: z.int().nullable()
		}),
		participation: participationSchema,
		followUp: z.object({
			publishedAt: dateTime.nullable().describe('When the statuses were last published to the participants; null: not yet'),
			publications: count
		}),
		clusters: z.array(clusterSchema).describe('Ranked clusters first (by rank), then the others in board order'),
		unclusteredIdeas: z.array(ideaSchema)
	})
	.meta({ title: 'Samla theme input', description: 'The theme input of one meeting: clusters, ideas, votes, priorities and participation.' });

export type Segment = z.infer<typeof segmentSchema>;
export type SegmentVotes = z.infer<typeof segmentVotesSchema>;
export type ExportIdea = z.infer<typeof ideaSchema>;
export type ExportCluster = z.infer<typeof clusterSchema>;
export type Participation = z.infer<typeof participationSchema>;
export type ThemeInputExport = z.infer<typeof themeInputExportSchema>;

/** The published JSON Schema (draft 2020-12) of the export. */
export function themeInputJsonSchema(origin: string): Record<string, unknown> {
	return {
		$id: `${origin}/api/v1/schemas/theme-input.json`,
		...z.toJSONSchema(themeInputExportSchema, { target: 'draft-2020-12' })
	};
}
