import { z } from 'zod';
import { PHASES } from '../engine/phases';
import { priorityFollowUpSchema } from '../follow-up/status';

/**
 * The theme-input export of one meeting, schema version 5 (documented in PROTOCOL.md and
 * published as JSON Schema at /api/v1/schemas/theme-input.json). Used by the JSON export, the
 * CSV and Markdown exports, the process synthesis and their tests. A change that a consumer
 * could notice raises THEME_INPUT_SCHEMA_VERSION.
 */
export const THEME_INPUT_SCHEMA_VERSION = 5;

/** Groups of fewer people than this are not shown in anything meant for publication. */
export const SUPPRESSION_THRESHOLD = 5;

/** How many ranked groups count as top priorities when the moderators marked none. */
export const TOP_PRIORITIES_BY_RANK = 3;

/** The top priorities of a meeting: those the moderators marked, else the first ranked ones. */
export function isTopPriority(cluster: { isTop: boolean; rank: number | null }, anyMarked: boolean): boolean {
	return anyMarked ? cluster.isTop : cluster.rank !== null && cluster.rank <= TOP_PRIORITIES_BY_RANK;
}

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
		name: z.string().nullable().describe('Only when the meeting shows authors, its data is not purged, and not for publication'),
		key: z
			.string()
			.nullable()
			.describe('Pseudonymous author key: the same for one author within this meeting, unlinkable across meetings; null in a publication and after a purge')
	}),
	mergedInto: z.string().nullable().describe('A duplicate a moderator merged: the id of the idea it was merged into (its votes went back to the voters)')
});

/** A shared category of the process (issue 12) that a group is tagged with. */
export const categoryRefSchema = z.object({ id: z.uuid(), name: z.string() });

export const clusterSchema = z.object({
	id: z.string(),
	title: z.string(),
	boardOrder: z.int().positive(),
	rank: z.int().positive().nullable().describe('Place on the ranked priority list (1 = highest); null when not ranked'),
	isTop: z.boolean(),
	rationale: z.string(),
	votes: count.describe('Votes on the group itself'),
	ideaVotes: count.describe('Votes on its ideas'),
	support: count.describe('The one vote measure: votes + ideaVotes; the automatic ranking orders by it'),
	share: z.number().min(0).max(1).nullable().describe('support / participation.votesCast; null when nobody voted'),
	votesPerVoter: z.number().nonnegative().nullable().describe('support / participation.voters; null when nobody voted'),
	topPriority: z.boolean().describe('A top priority: marked isTop by the moderators, or, when none is marked, ranked 1–3'),
	breadth: z
		.object({ municipalities: count, sectors: count })
		.describe('How many municipalities and sectors have voters who voted for it (in a publication, suppressed groups are not counted)'),
	votesBySector: z.array(segmentVotesSchema),
	votesByMunicipality: z.array(segmentVotesSchema),
	ideas: z.array(ideaSchema),
	followUp: priorityFollowUpSchema.nullable().describe("The process owner's status of this priority after the meeting; null when none is set"),
	categories: z
		.array(categoryRefSchema)
		.describe("The process's shared categories this group is tagged with, in the list's order: the same concern across themes")
});

export const participationSchema = z.object({
	participants: count,
	voters: count,
	votesCast: count.describe('Votes of the participants still in the meeting'),
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
			phase: z.enum(PHASES),
			closedAt: dateTime.nullable(),
			status: z
				.enum(['final', 'preliminary', 'not_held'])
				.describe('final: closed; preliminary: held but not closed (its input may still change); not_held: in draft or nobody joined'),
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
