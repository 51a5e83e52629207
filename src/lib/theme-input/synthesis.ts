import { z } from 'zod';
import { SUPPRESSION_THRESHOLD, THEME_INPUT_SCHEMA_VERSION, themeInputExportSchema, type ThemeInputExport } from './schema';

/** One row of the participation matrix: a municipality or sector, one cell per theme. */
export const matrixRowSchema = z.object({
	code: z.string().nullable(),
	name: z.string(),
	cells: z.array(z.object({ meetingId: z.uuid(), participants: z.int().nonnegative().nullable(), suppressed: z.boolean() }))
});

/** The synthesis of a whole process: every meeting's theme input and who was heard where. */
export const synthesisSchema = z.object({
	schemaVersion: z.literal(THEME_INPUT_SCHEMA_VERSION),
	generatedAt: z.iso.datetime({ offset: true }),
	publication: z.boolean(),
	suppressionThreshold: z.int().positive(),
	process: z.object({ id: z.uuid(), title: z.string(), ownerOrganisation: z.string() }),
	meetings: z.array(themeInputExportSchema),
	matrix: z.object({
		themes: z.array(z.object({ meetingId: z.uuid(), themeTitle: z.string() })),
		municipalities: z.array(matrixRowSchema),
		sectors: z.array(matrixRowSchema)
	})
});

export type MatrixRow = z.infer<typeof matrixRowSchema>;
export type Synthesis = z.infer<typeof synthesisSchema>;

/**
 * The participation matrix: groups (rows) × themes (columns), pivoted from each meeting's own
 * breakdown, so a cell is suppressed exactly when that meeting's export suppresses the group.
 * Groups are listed in the order they first appear; a group absent from a meeting counts 0 there.
 */
export function participationMatrix(meetings: ThemeInputExport[], kind: 'bySector' | 'byMunicipality'): MatrixRow[] {
	const rows = new Map<string, MatrixRow>();
	const key = (code: string | null) => code ?? '';
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

export function buildSynthesis(
	process: Synthesis['process'],
	meetings: ThemeInputExport[],
	publication: boolean,
	now = new Date()
): Synthesis {
	return {
		schemaVersion: THEME_INPUT_SCHEMA_VERSION,
		generatedAt: now.toISOString(),
		publication,
		suppressionThreshold: SUPPRESSION_THRESHOLD,
		process,
		meetings,
		matrix: {
			themes: meetings.map((m) => ({ meetingId: m.meeting.id, themeTitle: m.meeting.themeTitle })),
			municipalities: participationMatrix(meetings, 'byMunicipality'),
			sectors: participationMatrix(meetings, 'bySector')
		}
	};
}
