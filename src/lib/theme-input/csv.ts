import type { ExportIdea, ThemeInputExport } from './schema';

/** The CSV export's columns, in order (a public contract, documented in PROTOCOL.md). */
export const CSV_COLUMNS = [
	'theme',
	'cluster',
	'cluster_rank',
	'cluster_votes',
	'idea',
	'idea_votes',
	'author_sector',
	'author_municipality',
	'top_priority',
	'author_attendance',
	'idea_created_at',
	'cluster_id',
	'idea_id',
	'priority_status',
	'status_reason',
	'status_link'
] as const;

/**
 * Text that a spreadsheet would run as a formula (OWASP "CSV injection"): a cell starting with
 * `=`, `+`, `-`, `@`, a tab or a carriage return. Such text gets a leading `'`, which Excel and
 * LibreOffice show as text and do not evaluate. Numbers and booleans are never text.
 */
export function neutraliseFormula(text: string): string {
	return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/**
 * One field as RFC 4180 wants it: quoted when it holds the separator, a quote or a line break;
 * text that could run as a formula is neutralised first (issue 9, defect 12).
 */
export function csvField(value: string | number | boolean | null, separator: ',' | ';' = ','): string {
	const text = value === null ? '' : typeof value === 'string' ? neutraliseFormula(value) : String(value);
	return text.includes(separator) || /["\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * One row per idea (clusters in rank order, then the ideas without a cluster), UTF-8 with a byte
 * order mark so that Excel reads Swedish letters right, CRLF line ends as RFC 4180 says. The
 * separator is `,` for machines, or `;` for Excel and LibreOffice set to Swedish, whose list
 * separator it is. No `sep=;` line: with one, Excel ignores the byte order mark and garbles å, ä, ö.
 */
export function themeInputCsv(data: ThemeInputExport, { separator = ',' }: { separator?: ',' | ';' } = {}): string {
	const rows: (string | number | boolean | null)[][] = [[...CSV_COLUMNS]];
	const row = (idea: ExportIdea, cluster: ThemeInputExport['clusters'][number] | null) => [
		data.meeting.themeTitle,
		cluster?.title ?? '',
		cluster?.rank ?? '',
		cluster?.votes ?? '',
		idea.text,
		idea.votes,
		idea.author.sectorName ?? '',
		idea.author.municipalityName ?? '',
		cluster ? cluster.isTop : '',
		idea.author.attendance ?? '',
		idea.createdAt,
		cluster?.id ?? '',
		idea.id,
		cluster?.followUp?.status ?? '',
		cluster?.followUp?.reason ?? '',
		cluster?.followUp?.link ?? ''
	];
	for (const cluster of data.clusters) for (const idea of cluster.ideas) rows.push(row(idea, cluster));
	for (const idea of data.unclusteredIdeas) rows.push(row(idea, null));
	return '\uFEFF' + rows.map((r) => r.map((v) => csvField(v, separator)).join(separator)).join('\r\n') + '\r\n';
}
