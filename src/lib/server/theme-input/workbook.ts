import ExcelJS from 'exceljs';
import type { ReportLabels } from '../../theme-input/labels';
import { SUPPRESSION_THRESHOLD, type ThemeInputExport } from '../../theme-input/schema';
import type { Synthesis } from '../../theme-input/synthesis';
import type { Sql } from '../db/sql';

// The theme input as an Excel workbook (issue 12), for the strategy team: one sheet per table,
// typed cells (numbers as numbers, dates as dates), headers in the report's language, frozen
// header rows, column widths. Always built from publication data: groups under 5 people are
// empty cells, authors are described only by combinations 5 people share, and no names.

type Cell = string | number | Date | null;
interface Column {
	header: string;
	width: number;
	/** Excel number format, e.g. '0 %' or 'yyyy-mm-dd'. */
	format?: string;
}

/** A municipality × sector count per meeting (theme_participation, summed over attendance). */
export interface ParticipationCount {
	meetingId: string;
	municipalityCode: string;
	sectorCode: string;
	participants: number;
}

export interface WorkbookInput {
	synthesis: Synthesis;
	participation: ParticipationCount[];
	reference: { municipalities: { code: string; name: string }[]; sectors: { code: string; name: string }[] };
}

function addSheet(workbook: ExcelJS.Workbook, name: string, columns: Column[], rows: Cell[][]): void {
	const sheet = workbook.addWorksheet(name.slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] });
	sheet.columns = columns.map((c) => ({ header: c.header, width: c.width, style: c.format ? { numFmt: c.format } : {} }));
	sheet.getRow(1).font = { bold: true };
	for (const row of rows) sheet.addRow(row.map((v) => (v === null ? undefined : v)));
	sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
}

/**
 * Cells of a cross table that a publication leaves empty: counts of 1–4, and, in any row or
 * column where that leaves exactly one cell empty among its non-zero cells, the next smallest too,
 * so that no empty cell can be found by subtracting from a total.
 */
export function suppressedCells(table: number[][], threshold = SUPPRESSION_THRESHOLD): boolean[][] {
	const hidden = table.map((row) => row.map((n) => n > 0 && n < threshold));
	const lines = [
		...table.map((row, r) => row.map((_, c) => [r, c] as const)),
		...(table[0] ?? []).map((_, c) => table.map((_, r) => [r, c] as const))
	];
	for (let changed = true; changed; ) {
		changed = false;
		for (const line of lines) {
			const nonZero = line.filter(([r, c]) => table[r][c] > 0);
			const empty = nonZero.filter(([r, c]) => hidden[r][c]);
			if (empty.length !== 1) continue;
			const next = nonZero.filter(([r, c]) => !hidden[r][c]).sort((a, b) => table[a[0]][a[1]] - table[b[0]][b[1]])[0];
			if (next) {
				hidden[next[0]][next[1]] = true;
				changed = true;
			}
		}
	}
	return hidden;
}

const date = (iso: string | null) => (iso ? new Date(iso) : null);

/** The workbook of a process (every meeting) or of one meeting (a synthesis of one). */
export async function themeInputWorkbook(input: WorkbookInput, labels: ReportLabels): Promise<Uint8Array<ArrayBuffer>> {
	const { synthesis } = input;
	const workbook = new ExcelJS.Workbook();
	workbook.creator = 'Samla';
	workbook.created = new Date(synthesis.generatedAt);
	const c = labels.col;
	const yesNo = (v: boolean) => (v ? labels.yes : labels.no);
	const status = (m: ThemeInputExport) => labels.meetingStatus[m.meeting.status];

	// Overview: every meeting, the ones not held too.
	const overview: Cell[][] = [
		...synthesis.meetings.map((m) => [
			m.meeting.themeTitle,
			date(m.meeting.startsAt),
			status(m),
			m.participation.participants,
			m.participation.voters,
			m.participation.votesCast,
			m.clusters.reduce((n, cl) => n + cl.ideas.length, 0) + m.unclusteredIdeas.length,
			m.clusters.length
		]),
		...synthesis.notHeld.map((m) => [m.themeTitle, date(m.startsAt), labels.meetingStatus.not_held, 0, 0, 0, 0, 0])
	].sort((a, b) => ((a[1] as Date | null)?.getTime() ?? Infinity) - ((b[1] as Date | null)?.getTime() ?? Infinity));
	addSheet(
		workbook,
		labels.sheets.overview,
		[
			{ header: labels.colTheme, width: 40 },
			{ header: c.date, width: 12, format: 'yyyy-mm-dd' },
			{ header: c.status, width: 14 },
			{ header: c.participants, width: 12 },
			{ header: c.voters, width: 12 },
			{ header: c.votesCast, width: 10 },
			{ header: c.ideas, width: 10 },
			{ header: c.groups, width: 10 }
		],
		overview
	);

	// Priorities: the ranked groups of every theme, with the one vote measure and its ratios.
	addSheet(
		workbook,
		labels.sheets.priorities,
		[
			{ header: labels.colTheme, width: 32 },
			{ header: c.status, width: 14 },
			{ header: labels.colRank, width: 8 },
			{ header: labels.colPriority, width: 40 },
			{ header: c.top, width: 14 },
			{ header: c.support, width: 14 },
			{ header: c.groupVotes, width: 14 },
			{ header: c.ideaVotes, width: 14 },
			{ header: c.share, width: 14, format: '0.0%' },
			{ header: c.perVoter, width: 14, format: '0.00' },
			{ header: c.municipalities, width: 12 },
			{ header: c.sectors, width: 10 },
			{ header: c.rationale, width: 50 },
			{ header: labels.categories.clusterLabel, width: 30 }
		],
		synthesis.meetings.flatMap((m) =>
			m.clusters
				.filter((cl) => cl.rank !== null)
				.map((cl) => [
					m.meeting.themeTitle,
					status(m),
					cl.rank,
					cl.title,
					yesNo(cl.topPriority),
					cl.support,
					cl.votes,
					cl.ideaVotes,
					cl.share,
					cl.votesPerVoter,
					cl.breadth.municipalities,
					cl.breadth.sectors,
					cl.rationale,
					cl.categories.map((t) => t.name).join(', ')
				])
		)
	);

	// Ideas: with their group, votes, the group's rationale, merges and what may be said of the author.
	addSheet(
		workbook,
		labels.sheets.ideas,
		[
			{ header: labels.colTheme, width: 32 },
			{ header: c.group, width: 32 },
			{ header: labels.colRank, width: 8 },
			{ header: c.idea, width: 60 },
			{ header: labels.colVotes, width: 8 },
			{ header: c.support, width: 12 },
			{ header: c.rationale, width: 40 },
			{ header: c.mergedInto, width: 18 },
			{ header: c.sector, width: 18 },
			{ header: c.municipality, width: 16 },
			{ header: c.attendance, width: 12 },
			{ header: c.created, width: 18, format: 'yyyy-mm-dd hh:mm' },
			{ header: c.ideaId, width: 18 }
		],
		synthesis.meetings.flatMap((m) => [
			...m.clusters.flatMap((cl) =>
				cl.ideas.map((i) => [
					m.meeting.themeTitle,
					cl.title,
					cl.rank,
					i.text,
					i.votes,
					cl.support,
					cl.rationale,
					i.mergedInto,
					i.author.sectorName,
					i.author.municipalityName,
					i.author.attendance ? labels.attendance[i.author.attendance] : null,
					date(i.createdAt),
					i.id
				])
			),
			...m.unclusteredIdeas.map((i) => [
				m.meeting.themeTitle,
				null,
				null,
				i.text,
				i.votes,
				null,
				null,
				i.mergedInto,
				i.author.sectorName,
				i.author.municipalityName,
				i.author.attendance ? labels.attendance[i.author.attendance] : null,
				date(i.createdAt),
				i.id
			])
		])
	);

	// Participation: municipality × sector per theme, every reference entry (zeros included).
	const { municipalities, sectors } = input.reference;
	const sectorCodes = [...sectors.map((s) => s.code), ''];
	const municipalityRows = [...municipalities, { code: '', name: labels.notGiven }];
	const participationRows: Cell[][] = [];
	for (const m of synthesis.meetings) {
		const count = (municipality: string, sector: string) =>
			input.participation
				.filter((p) => p.meetingId === m.meeting.id && p.municipalityCode === municipality && p.sectorCode === sector)
				.reduce((n, p) => n + p.participants, 0);
		const table = municipalityRows.map((mu) => sectorCodes.map((s) => count(mu.code, s)));
		const totals = table.map((row) => row.reduce((a, b) => a + b, 0));
		const hidden = suppressedCells(table);
		municipalityRows.forEach((mu, r) => {
			const small = totals[r] > 0 && totals[r] < SUPPRESSION_THRESHOLD;
			participationRows.push([m.meeting.themeTitle, mu.name, ...table[r].map((n, col) => (hidden[r][col] ? null : n)), small ? null : totals[r]]);
		});
	}
	addSheet(
		workbook,
		labels.sheets.participation,
		[
			{ header: labels.colTheme, width: 32 },
			{ header: c.municipality, width: 16 },
			...sectors.map((s) => ({ header: s.name, width: 14 })),
			{ header: labels.notGiven, width: 12 },
			{ header: c.total, width: 10 }
		],
		participationRows
	);

	// Votes by group of participants: per priority, by sector and by municipality.
	addSheet(
		workbook,
		labels.sheets.segmentVotes,
		[
			{ header: labels.colTheme, width: 32 },
			{ header: labels.colPriority, width: 40 },
			{ header: c.segmentKind, width: 12 },
			{ header: c.segment, width: 20 },
			{ header: c.groupVotes, width: 14 },
			{ header: c.ideaVotes, width: 14 }
		],
		synthesis.meetings.flatMap((m) =>
			m.clusters
				.filter((cl) => cl.rank !== null)
				.flatMap((cl) => [
					...cl.votesBySector.map((v) => [m.meeting.themeTitle, cl.title, c.sector, v.name, v.votes, v.ideaVotes]),
					...cl.votesByMunicipality.map((v) => [m.meeting.themeTitle, cl.title, c.municipality, v.name, v.votes, v.ideaVotes])
				])
		)
	);

	// The same concern across themes: each shared category with the groups tagged with it.
	addSheet(
		workbook,
		labels.categories.sheet,
		[
			{ header: labels.categories.col, width: 30 },
			{ header: labels.categories.colThemes, width: 8 },
			{ header: labels.colTheme, width: 32 },
			{ header: c.status, width: 14 },
			{ header: labels.colRank, width: 8 },
			{ header: labels.colPriority, width: 40 },
			{ header: c.top, width: 14 },
			{ header: c.support, width: 12 },
			{ header: c.share, width: 12, format: '0.0%' }
		],
		synthesis.categories.flatMap((cat) =>
			cat.priorities.length
				? cat.priorities.map((p) => [
						cat.name,
						cat.themes,
						p.themeTitle,
						p.status === 'final' ? labels.meetingStatus.final : labels.meetingStatus.preliminary,
						p.rank,
						p.title,
						yesNo(p.topPriority),
						p.support,
						p.share
					])
				: [[cat.name, 0, null, null, null, null, null, null, null]]
		)
	);
	const buffer = await workbook.xlsx.writeBuffer();
	return new Uint8Array(buffer as ArrayBuffer);
}

/** Municipality × sector counts of the given meetings, for the participation sheet. */
export async function participationCounts(sql: Sql, meetingIds: string[]): Promise<ParticipationCount[]> {
	if (!meetingIds.length) return [];
	const rows = await sql<ParticipationCount[]>`
		select meeting_id, municipality_code, sector_code, sum(participants)::int as participants
		from theme_participation where meeting_id in ${sql(meetingIds)}
		group by meeting_id, municipality_code, sector_code`;
	return rows.map((r) => ({ ...r }));
}
