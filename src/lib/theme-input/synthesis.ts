import { z } from 'zod';
import { relatedAcrossGroups } from '../suggest/related.js';
import { SUPPRESSION_THRESHOLD, THEME_INPUT_SCHEMA_VERSION, themeInputExportSchema, type ThemeInputExport } from './schema';

/** One row of the participation matrix: a municipality or sector, one cell per theme. */
export const matrixRowSchema = z.object({
	code: z.string().nullable(),
	name: z.string(),
	cells: z.array(z.object({ meetingId: z.uuid(), participants: z.int().nonnegative().nullable(), suppressed: z.boolean() }))
});

/** One top priority of a theme, side by side with the others (synthesis.topPriorities). */
export const topPrioritySchema = z.object({
	meetingId: z.uuid(),
	themeTitle: z.string(),
	status: z.enum(['final', 'preliminary']).describe('preliminary: the meeting is not closed, its input may still change'),
	clusterId: z.string(),
	rank: z.int().positive().nullable(),
	title: z.string(),
	isTop: z.boolean(),
	support: z.int().nonnegative(),
	share: z.number().nullable(),
	votesPerVoter: z.number().nullable(),
	voters: z.int().nonnegative().describe('Voters of the meeting: the denominator of votesPerVoter'),
	breadth: z.object({ municipalities: z.int().nonnegative(), sectors: z.int().nonnegative() })
});

/** One shared category of the process with the groups tagged with it, across themes. */
export const synthesisCategorySchema = z.object({
	id: z.uuid(),
	name: z.string(),
	description: z.string(),
	priorities: z
		.array(
			z.object({
				meetingId: z.uuid(),
				themeTitle: z.string(),
				status: z.enum(['final', 'preliminary']),
				clusterId: z.string(),
				title: z.string(),
				rank: z.int().positive().nullable(),
				topPriority: z.boolean(),
				support: z.int().nonnegative(),
				share: z.number().nullable()
			})
		)
		.describe('The groups of the held themes tagged with this category, theme by theme in rank order'),
	themes: z.int().nonnegative().describe('How many themes have a group tagged with it: the same concern across themes')
});

/** A priority of one theme, as a related pair names it. */
const priorityRefSchema = z.object({
	meetingId: z.uuid(),
	themeTitle: z.string(),
	clusterId: z.string(),
	title: z.string(),
	rank: z.int().positive()
});

/** Two priorities of different themes about the same thing (issue 14). */
export const relatedPrioritySchema = z.object({
	priorities: z.array(priorityRefSchema).length(2),
	similarity: z.number().min(0).max(1).describe("Lexical similarity of the two groups' titles and ideas (the suggested groups' measure), 0–1"),
	terms: z.array(z.string()).describe('The words the two have most in common, most characteristic first'),
	sharedCategories: z.array(z.object({ id: z.uuid(), name: z.string() })).describe('The shared categories both groups are tagged with')
});

/** The synthesis of a whole process: every meeting's theme input and who was heard where. */
export const synthesisSchema = z.object({
	schemaVersion: z.literal(THEME_INPUT_SCHEMA_VERSION),
	generatedAt: z.iso.datetime({ offset: true }),
	publication: z.boolean(),
	suppressionThreshold: z.int().positive(),
	process: z.object({ id: z.uuid(), title: z.string(), ownerOrganisation: z.string() }),
	meetings: z.array(themeInputExportSchema).describe('The meetings held (final or preliminary), in date order'),
	notHeld: z
		.array(z.object({ meetingId: z.uuid(), themeTitle: z.string(), startsAt: z.iso.datetime({ offset: true }).nullable() }))
		.describe('Meetings not held yet (in draft, or nobody joined): listed once, with no input'),
	topPriorities: z.array(topPrioritySchema).describe('Each held theme’s top priorities (marked by the moderators, else ranked 1–3)'),
	categories: z.array(synthesisCategorySchema).describe("The process's shared categories in order, each with the groups tagged with it across themes"),
	related: z
		.array(relatedPrioritySchema)
		.describe('Priorities of different themes that are about the same thing, most similar first (at most 50); computed from texts only, never authors'),
	matrix: z.object({
		themes: z.array(z.object({ meetingId: z.uuid(), themeTitle: z.string() })),
		municipalities: z.array(matrixRowSchema),
		sectors: z.array(matrixRowSchema)
	})
});

export type MatrixRow = z.infer<typeof matrixRowSchema>;
export type RelatedPriority = z.infer<typeof relatedPrioritySchema>;
export type SynthesisCategory = z.infer<typeof synthesisCategorySchema>;
export type TopPriority = z.infer<typeof topPrioritySchema>;

/** A reference list entry (a municipality or a sector): every one gets a matrix row, 0 where unheard. */
export interface ReferenceEntry {
	code: string;
	name: string;
}
export type Synthesis = z.infer<typeof synthesisSchema>;

/**
 * The participation matrix: groups (rows) × themes (columns), pivoted from each meeting's own
 * breakdown, so a cell is suppressed exactly when that meeting's export suppresses the group.
 * Every entry of the reference list is a row, in its order (0 in a theme where nobody from it
 * took part: a municipality never heard is visible); then groups outside the list, then "did not
 * say" when anyone did not.
 */
export function participationMatrix(meetings: ThemeInputExport[], kind: 'bySector' | 'byMunicipality', reference: ReferenceEntry[] = []): MatrixRow[] {
	const rows = new Map<string, MatrixRow>();
	const key = (code: string | null) => code ?? '';
	for (const entry of reference) rows.set(entry.code, { code: entry.code, name: entry.name, cells: [] });
	for (const meeting of meetings) {
		for (const segment of meeting.participation[kind]) {
			if (!rows.has(key(segment.code))) rows.set(key(segment.code), { code: segment.code, name: segment.name, cells: [] });
		}
	}
	const ordered = [...rows.values()].sort((a, b) => (a.code === null ? 1 : 0) - (b.code === null ? 1 : 0));
	for (const row of ordered) {
		row.cells = meetings.map((meeting) => {
			const segment = meeting.participation[kind].find((s) => key(s.code) === key(row.code));
			return { meetingId: meeting.meeting.id, participants: segment ? segment.participants : 0, suppressed: segment?.suppressed ?? false };
		});
	}
	return ordered;
}

/** A shared category of the process, as the synthesis lists them. */
export interface CategoryEntry {
	id: string;
	name: string;
	description: string;
}

/** Each category with the held themes' groups tagged with it (ranked groups first within a theme). */
export function categoriesAcrossThemes(meetings: ThemeInputExport[], categories: CategoryEntry[]): SynthesisCategory[] {
	return categories.map((category) => {
		const priorities = meetings.flatMap((m) =>
			m.clusters
				.filter((c) => c.categories.some((t) => t.id === category.id))
				.map((c) => ({
					meetingId: m.meeting.id,
					themeTitle: m.meeting.themeTitle,
					status: m.meeting.status === 'final' ? ('final' as const) : ('preliminary' as const),
					clusterId: c.id,
					title: c.title,
					rank: c.rank,
					topPriority: c.topPriority,
					support: c.support,
					share: c.share
				}))
		);
		return { id: category.id, name: category.name, description: category.description, priorities, themes: new Set(priorities.map((p) => p.meetingId)).size };
	});
}

/**
 * Priorities (ranked groups) of different held themes that say the same thing, by the lexical
 * similarity of their titles and ideas, with the shared categories both carry.
 */
export function relatedPriorities(meetings: ThemeInputExport[]): RelatedPriority[] {
	const refs = meetings.flatMap((m) =>
		m.clusters
			.filter((c) => c.rank !== null)
			.map((c) => ({
				ref: { meetingId: m.meeting.id, themeTitle: m.meeting.themeTitle, clusterId: c.id, title: c.title, rank: c.rank! },
				categories: c.categories,
				texts: [c.title, ...c.ideas.map((i) => i.text)]
			}))
	);
	const byKey = new Map(refs.map((r) => [`${r.ref.meetingId}/${r.ref.clusterId}`, r]));
	return relatedAcrossGroups(refs.map((r) => ({ key: `${r.ref.meetingId}/${r.ref.clusterId}`, group: r.ref.meetingId, texts: r.texts }))).map((pair) => {
		const a = byKey.get(pair.a)!;
		const b = byKey.get(pair.b)!;
		const sharedCategories = a.categories.filter((c) => b.categories.some((o) => o.id === c.id)).map((c) => ({ id: c.id, name: c.name }));
		return { priorities: [a.ref, b.ref], similarity: pair.similarity, terms: pair.terms, sharedCategories };
	});
}

/** The top priorities of the held themes, theme by theme in rank order. */
export function topPriorities(meetings: ThemeInputExport[]): TopPriority[] {
	return meetings.flatMap((m) =>
		m.clusters
			.filter((c) => c.topPriority)
			.map((c) => ({
				meetingId: m.meeting.id,
				themeTitle: m.meeting.themeTitle,
				status: m.meeting.status === 'final' ? ('final' as const) : ('preliminary' as const),
				clusterId: c.id,
				rank: c.rank,
				title: c.title,
				isTop: c.isTop,
				support: c.support,
				share: c.share,
				votesPerVoter: c.votesPerVoter,
				voters: m.participation.voters,
				breadth: c.breadth
			}))
	);
}

export function buildSynthesis(
	process: Synthesis['process'],
	meetings: ThemeInputExport[],
	publication: boolean,
	reference: { municipalities: ReferenceEntry[]; sectors: ReferenceEntry[] } = { municipalities: [], sectors: [] },
	now = new Date(),
	categories: CategoryEntry[] = []
): Synthesis {
	const held = meetings.filter((m) => m.meeting.status !== 'not_held');
	return {
		schemaVersion: THEME_INPUT_SCHEMA_VERSION,
		generatedAt: now.toISOString(),
		publication,
		suppressionThreshold: SUPPRESSION_THRESHOLD,
		process,
		meetings: held,
		notHeld: meetings
			.filter((m) => m.meeting.status === 'not_held')
			.map((m) => ({ meetingId: m.meeting.id, themeTitle: m.meeting.themeTitle, startsAt: m.meeting.startsAt })),
		topPriorities: topPriorities(held),
		categories: categoriesAcrossThemes(held, categories),
		related: relatedPriorities(held),
		matrix: {
			themes: held.map((m) => ({ meetingId: m.meeting.id, themeTitle: m.meeting.themeTitle })),
			municipalities: participationMatrix(held, 'byMunicipality', reference.municipalities),
			sectors: participationMatrix(held, 'bySector', reference.sectors)
		}
	};
}
