import { themeInputCsv } from '../../theme-input/csv';
import { reportLabels } from '../../theme-input/labels';
import { synthesisMarkdown, themeInputMarkdown } from '../../theme-input/markdown';
import type { Sql } from '../db/sql';
import { loadThemeInput, type ExportOptions } from './export';
import { loadSynthesis, referenceLists } from './synthesis';
import { processCategories } from '../db/categories';
import { participationCounts, themeInputWorkbook } from './workbook';
import { buildSynthesis } from '../../theme-input/synthesis';
import { meetingMinutesDocx, synthesisMinutesDocx } from '../follow-up/minutes-docx';

export type MeetingExportFormat = 'json' | 'csv' | 'csv-sv' | 'md' | 'xlsx' | 'docx';
export type SynthesisFormat = 'json' | 'md' | 'xlsx' | 'docx';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/**
 * Whether a request asks for the publication variant: `?publication=true` or `false` (the
 * default when absent); null for anything else, which the caller refuses with 400 rather than
 * silently answering with the unsuppressed copy (issue 9, defect 10).
 */
export function publicationParam(url: URL): boolean | null {
	const values = url.searchParams.getAll('publication');
	if (!values.length) return false;
	if (values.length > 1) return null;
	return values[0] === 'true' ? true : values[0] === 'false' ? false : null;
}

/** Export options in a language, with the catalogue's words for groups. */
export function exportOptions(locale: 'sv' | 'en', publication: boolean): ExportOptions {
	const labels = reportLabels(locale);
	return { publication, locale, notGivenLabel: labels.notGiven, attendanceLabels: labels.attendance };
}

/** A file name from a title: ASCII letters and digits, e.g. "samla-framtidens-kulturliv.csv". */
export function fileName(title: string, extension: string, suffix = ''): string {
	const slug = title
		.normalize('NFKD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-+|-+$/g, '')
		.slice(0, 60);
	return `samla-${slug || 'export'}${suffix}.${extension}`;
}

function download(body: string | Uint8Array<ArrayBuffer>, type: string, name: string, attachment: boolean): Response {
	return new Response(body, {
		headers: {
			'content-type': type,
			'cache-control': 'private, no-store',
			...(attachment ? { 'content-disposition': `attachment; filename="${name}"` } : {})
		}
	});
}

/**
 * A meeting's theme input as a response: JSON (the versioned schema), CSV (one row per idea) or
 * the Markdown report (always the publication variant). Null when the meeting does not exist;
 * the caller has checked that the moderator may read it.
 */
export async function meetingExportResponse(
	sql: Sql,
	meetingId: string,
	format: MeetingExportFormat,
	{ locale, publication, attachment }: { locale: 'sv' | 'en'; publication: boolean; attachment: boolean }
): Promise<Response | null> {
	// The report and the workbook are for people to pass on: always the publication variant.
	const data = await loadThemeInput(sql, meetingId, exportOptions(locale, publication || format === 'md' || format === 'xlsx' || format === 'docx'));
	if (!data) return null;
	const suffix = data.publication ? '-publicering' : '';
	switch (format) {
		case 'json':
			return download(JSON.stringify(data, null, 2), 'application/json; charset=utf-8', fileName(data.meeting.themeTitle, 'json', suffix), attachment);
		case 'csv':
			return download(themeInputCsv(data), 'text/csv; charset=utf-8; header=present', fileName(data.meeting.themeTitle, 'csv', suffix), attachment);
		case 'csv-sv':
			return download(
				themeInputCsv(data, { separator: ';' }),
				'text/csv; charset=utf-8; header=present',
				fileName(data.meeting.themeTitle, 'csv', `${suffix}-semikolon`),
				attachment
			);
		case 'md':
			return download(themeInputMarkdown(data, reportLabels(locale)), 'text/markdown; charset=utf-8', fileName(data.meeting.themeTitle, 'md'), attachment);
		case 'xlsx': {
			const categories = (await processCategories(sql, data.process.id)).map(({ id, name, description }) => ({ id, name, description }));
			const synthesis = buildSynthesis(
				{ id: data.process.id, title: data.process.title, ownerOrganisation: '' },
				[data],
				true,
				await referenceLists(sql, locale),
				new Date(),
				categories
			);
			const workbook = await themeInputWorkbook({ synthesis, participation: await participationCounts(sql, [data.meeting.id]), reference: await referenceLists(sql, locale) }, reportLabels(locale));
			return download(workbook, XLSX_TYPE, fileName(data.meeting.themeTitle, 'xlsx'), attachment);
		}
		case 'docx':
			return download(new Uint8Array(await meetingMinutesDocx(data, reportLabels(locale))), DOCX_TYPE, fileName(data.meeting.themeTitle, 'docx', '-protokoll'), attachment);
	}
}

/** The synthesis of a process as JSON or as the Markdown report (always the publication variant). */
export async function synthesisResponse(
	sql: Sql,
	processId: string,
	format: SynthesisFormat,
	{ locale, publication, attachment }: { locale: 'sv' | 'en'; publication: boolean; attachment: boolean }
): Promise<Response | null> {
	const synthesis = await loadSynthesis(sql, processId, exportOptions(locale, publication || format !== 'json'));
	if (!synthesis) return null;
	if (format === 'xlsx') {
		const participation = await participationCounts(sql, synthesis.meetings.map((m) => m.meeting.id));
		const workbook = await themeInputWorkbook({ synthesis, participation, reference: await referenceLists(sql, locale) }, reportLabels(locale));
		return download(workbook, XLSX_TYPE, fileName(synthesis.process.title, 'xlsx'), attachment);
	}
	if (format === 'docx') {
		return download(new Uint8Array(await synthesisMinutesDocx(synthesis, reportLabels(locale))), DOCX_TYPE, fileName(synthesis.process.title, 'docx', '-syntes'), attachment);
	}
	if (format === 'md') {
		return download(synthesisMarkdown(synthesis, reportLabels(locale)), 'text/markdown; charset=utf-8', fileName(synthesis.process.title, 'md', '-syntes'), attachment);
	}
	return download(JSON.stringify(synthesis, null, 2), 'application/json; charset=utf-8', fileName(synthesis.process.title, 'json', '-syntes'), attachment);
}

