import { createHash } from 'node:crypto';
import { zipSync, strToU8 } from 'fflate';
import { BOARD_SCHEMA_VERSION } from '../../board/records';
import { themeInputCsv } from '../../theme-input/csv';
import { reportLabels } from '../../theme-input/labels';
import { THEME_INPUT_SCHEMA_VERSION, themeInputJsonSchema, type ThemeInputExport } from '../../theme-input/schema';
import { buildSynthesis } from '../../theme-input/synthesis';
import { processCategories } from '../db/categories';
import type { Sql } from '../db/sql';
import { isUuid } from '../db/uuid';
import { meetingMinutesDocx, synthesisMinutesDocx } from '../follow-up/minutes-docx';
import { exportOptions, fileName } from './downloads';
import { loadThemeInput } from './export';
import { referenceLists } from './synthesis';
import { participationCounts, themeInputWorkbook } from './workbook';

// The archive package of a closed meeting or of a process (issue 13, point 5): what the region's
// registrar keeps. A ZIP with the theme input as JSON, CSV, XLSX and DOCX, the JSON Schema the
// JSON follows, a metadata file (process, meeting, dates, schema versions, who closed it, the
// retention decision) and SHA256SUMS, the SHA-256 of every other file in `sha256sum -c` format.
// Always the publication variant: no names, groups under 5 people suppressed.

export const ARCHIVE_PACKAGE_VERSION = 1;
export const ZIP_TYPE = 'application/zip';
const TYPES = {
	json: 'application/json',
	csv: 'text/csv',
	xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
	docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'
} as const;

export type ArchiveResult = { ok: true; zip: Uint8Array<ArrayBuffer>; fileName: string } | { ok: false; code: 'NOT_FOUND' | 'NOT_CLOSED' };

interface MeetingRecord {
	id: string;
	themeTitle: string;
	startsAt: Date | null;
	endsAt: Date | null;
	phase: string;
	closedAt: Date | null;
	closedById: string | null;
	closedByName: string | null;
	purgedAt: Date | null;
	purgedUnder: string | null;
}

interface ProcessRecord {
	id: string;
	title: string;
	ownerOrganisation: string;
	retentionDecision: string;
}

const iso = (date: Date | null) => date?.toISOString() ?? null;
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const json = (value: unknown) => strToU8(`${JSON.stringify(value, null, 2)}\n`);

async function processRecord(sql: Sql, processId: string): Promise<ProcessRecord | null> {
	const [row] = await sql<ProcessRecord[]>`select id, title, owner_organisation, retention_decision from processes where id = ${processId}`;
	return row ?? null;
}

async function meetingRecords(sql: Sql, where: { meetingId: string } | { processId: string }): Promise<MeetingRecord[]> {
	return sql<MeetingRecord[]>`
		select m.id, m.theme_title, m.starts_at, m.ends_at, m.phase, m.closed_at, m.closed_by as closed_by_id, mo.name as closed_by_name,
		       m.purged_at, m.purged_under
		from meetings m left join moderators mo on mo.id = m.closed_by
		where ${'meetingId' in where ? sql`m.id = ${where.meetingId}` : sql`m.process_id = ${where.processId} and m.archived_at is null and m.phase = 'closed'`}
		order by m.starts_at nulls last, m.created_at, m.theme_title`;
}

function meetingMetadata(meeting: MeetingRecord, folder: string) {
	return {
		id: meeting.id,
		themeTitle: meeting.themeTitle,
		folder,
		startsAt: iso(meeting.startsAt),
		endsAt: iso(meeting.endsAt),
		closedAt: iso(meeting.closedAt),
		closedBy: meeting.closedById ? { id: meeting.closedById, name: meeting.closedByName } : null,
		purgedAt: iso(meeting.purgedAt),
		purgedUnder: meeting.purgedUnder
	};
}

/** The files of one meeting, under `folder` ('' for the meeting's own package). */
async function meetingFiles(sql: Sql, data: ThemeInputExport, folder: string, locale: 'sv' | 'en'): Promise<Record<string, Uint8Array>> {
	const labels = reportLabels(locale);
	const categories = (await processCategories(sql, data.process.id)).map(({ id, name, description }) => ({ id, name, description }));
	const reference = await referenceLists(sql, locale);
	const synthesis = buildSynthesis({ id: data.process.id, title: data.process.title, ownerOrganisation: '' }, [data], true, reference, new Date(data.generatedAt), categories);
	const workbook = await themeInputWorkbook({ synthesis, participation: await participationCounts(sql, [data.meeting.id]), reference }, labels);
	return {
		[`${folder}theme-input.json`]: json(data),
		[`${folder}theme-input.csv`]: strToU8(themeInputCsv(data)),
		[`${folder}theme-input.xlsx`]: workbook,
		[`${folder}protokoll.docx`]: new Uint8Array(await meetingMinutesDocx(data, labels))
	};
}

/** The package: the files, metadata.json listing them with sizes and checksums, and SHA256SUMS. */
function pack(files: Record<string, Uint8Array>, metadata: Record<string, unknown>): Uint8Array<ArrayBuffer> {
	const typeOf = (path: string) => TYPES[path.slice(path.lastIndexOf('.') + 1) as keyof typeof TYPES] ?? 'application/octet-stream';
	const listed = Object.entries(files).map(([path, bytes]) => ({ path, mediaType: typeOf(path), bytes: bytes.length, sha256: sha256(bytes) }));
	const all: Record<string, Uint8Array> = { ...files, 'metadata.json': json({ ...metadata, files: listed }) };
	const sums = Object.entries(all)
		.map(([path, bytes]) => `${sha256(bytes)}  ${path}`)
		.join('\n');
	all.SHA256SUMS = strToU8(`${sums}\n`);
	// A fixed modification time: the same content gives the same package.
	const mtime = new Date('2000-01-01T00:00:00Z');
	const zip = zipSync(Object.fromEntries(Object.entries(all).map(([path, bytes]) => [path, [bytes, { mtime }]])), { level: 6 });
	return new Uint8Array(zip);
}

const common = (origin: string, locale: 'sv' | 'en', process: ProcessRecord) => ({
	package: 'samla-archive',
	packageVersion: ARCHIVE_PACKAGE_VERSION,
	createdAt: new Date().toISOString(),
	language: locale,
	publication: true,
	schemaVersions: { themeInput: THEME_INPUT_SCHEMA_VERSION, board: BOARD_SCHEMA_VERSION, schema: `${origin}/api/v1/schemas/theme-input.json` },
	process: { id: process.id, title: process.title, ownerOrganisation: process.ownerOrganisation },
	retentionDecision: process.retentionDecision || null
});

/** The archive package of one closed meeting. No authorisation: callers check the meeting first. */
export async function meetingArchive(sql: Sql, meetingId: string, { origin, locale }: { origin: string; locale: 'sv' | 'en' }): Promise<ArchiveResult> {
	if (!isUuid(meetingId)) return { ok: false, code: 'NOT_FOUND' };
	const [meeting] = await meetingRecords(sql, { meetingId });
	if (!meeting) return { ok: false, code: 'NOT_FOUND' };
	if (meeting.phase !== 'closed') return { ok: false, code: 'NOT_CLOSED' };
	const data = await loadThemeInput(sql, meetingId, exportOptions(locale, true));
	const process = data && (await processRecord(sql, data.process.id));
	if (!data || !process) return { ok: false, code: 'NOT_FOUND' };
	const files = {
		...(await meetingFiles(sql, data, '', locale)),
		'schema/theme-input.schema.json': json(themeInputJsonSchema(origin))
	};
	const zip = pack(files, { ...common(origin, locale, process), meeting: meetingMetadata(meeting, '') });
	return { ok: true, zip, fileName: fileName(meeting.themeTitle, 'zip', '-arkiv') };
}

/**
 * The archive package of a process: every closed meeting (not archived) in a folder of its own,
 * and the synthesis of those meetings as JSON, XLSX and DOCX. A process without a closed meeting
 * has nothing to archive yet (NOT_CLOSED).
 */
export async function processArchive(sql: Sql, processId: string, { origin, locale }: { origin: string; locale: 'sv' | 'en' }): Promise<ArchiveResult> {
	if (!isUuid(processId)) return { ok: false, code: 'NOT_FOUND' };
	const process = await processRecord(sql, processId);
	if (!process) return { ok: false, code: 'NOT_FOUND' };
	const meetings = await meetingRecords(sql, { processId });
	if (!meetings.length) return { ok: false, code: 'NOT_CLOSED' };
	const files: Record<string, Uint8Array> = {};
	const exports: ThemeInputExport[] = [];
	const listed = [];
	for (const [i, meeting] of meetings.entries()) {
		const data = await loadThemeInput(sql, meeting.id, exportOptions(locale, true));
		if (!data) continue;
		const folder = `meetings/${String(i + 1).padStart(2, '0')}-${fileName(meeting.themeTitle, '').replace(/^samla-|\.$/g, '')}/`;
		Object.assign(files, await meetingFiles(sql, data, folder, locale));
		exports.push(data);
		listed.push(meetingMetadata(meeting, folder));
	}
	const labels = reportLabels(locale);
	const reference = await referenceLists(sql, locale);
	const categories = (await processCategories(sql, processId)).map(({ id, name, description }) => ({ id, name, description }));
	const synthesis = buildSynthesis(
		{ id: process.id, title: process.title, ownerOrganisation: process.ownerOrganisation },
		exports,
		true,
		reference,
		new Date(),
		categories
	);
	const participation = await participationCounts(sql, exports.map((e) => e.meeting.id));
	files['synthesis.json'] = json(synthesis);
	files['synthesis.xlsx'] = await themeInputWorkbook({ synthesis, participation, reference }, labels);
	files['synthesis.docx'] = new Uint8Array(await synthesisMinutesDocx(synthesis, labels));
	files['schema/theme-input.schema.json'] = json(themeInputJsonSchema(origin));
	const zip = pack(files, { ...common(origin, locale, process), meetings: listed });
	return { ok: true, zip, fileName: fileName(process.title, 'zip', '-arkiv') };
}

/** The package as a download. */
export function archiveResponse(zip: Uint8Array<ArrayBuffer>, name: string): Response {
	return new Response(zip, {
		headers: { 'content-type': ZIP_TYPE, 'cache-control': 'private, no-store', 'content-disposition': `attachment; filename="${name}"` }
	});
}
