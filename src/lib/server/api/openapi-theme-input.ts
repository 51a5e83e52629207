import { z } from 'zod';
import { PRIORITY_STATUSES, priorityStatusInputSchema } from '../../follow-up/status';
import { SUPPRESSION_THRESHOLD, themeInputExportSchema } from '../../theme-input/schema';
import { synthesisSchema } from '../../theme-input/synthesis';
import type { OpenApiPart } from './openapi';

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const jsonBody = (schema: unknown) => ({ content: { 'application/json': { schema } } });
const error = (description: string) => ({ description, ...jsonBody(ref('Error')) });
const security = [{ bearer: [] }];
const unauthenticated = error('UNAUTHENTICATED: no valid moderator token (a participant token is not enough)');
const notFound = (what: string) => error(`NOT_FOUND: no such ${what}, or you are not one of its moderators (existence is not revealed)`);
const idParam = (description: string) => ({ name: 'id', in: 'path', required: true, description, schema: { type: 'string', format: 'uuid' } });
const publicationParam = {
	name: 'publication',
	in: 'query',
	required: false,
	description: `\`true\`: the variant for publication, without names and with groups of fewer than ${SUPPRESSION_THRESHOLD} people suppressed (null, \`suppressed: true\`). Default \`false\`: the moderators' own working copy with every count. In a publication an idea's author is described only by a combination of sector, municipality and attendance that at least ${SUPPRESSION_THRESHOLD} participants share. Any other value is a 400.`,
	schema: { type: 'string', enum: ['true', 'false'] }
};
const alwaysPublication = {
	...publicationParam,
	description: 'Accepted for symmetry with the JSON and CSV exports; this file is always the publication variant. Any value other than `true` or `false` is a 400.'
};
const badPublication = { description: 'VALIDATION: `publication` is neither true nor false', ...jsonBody(ref('ValidationError')) };
const workbookDescription =
	'Sheets (headers in the request’s language, Swedish by default): Översikt (every meeting, with date, status, participants, voters, votes, ideas, groups), ' +
	'Prioriteringar (ranked groups: support, votes on the group and its ideas, share, votes per voter, breadth, rationale, categories), Idéer (with group, votes, rationale, merges, author as published), ' +
	`Deltagande (municipality × sector per theme, every reference entry, zeros shown), Röster per grupp (votes by sector and by municipality), Kategorier (each shared category with the groups tagged with it across themes). Numbers and dates are typed cells; header rows are frozen. Always the publication variant: groups under ${SUPPRESSION_THRESHOLD} people are empty cells.`;
const xlsx = {
	description: 'The workbook',
	content: { 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: { type: 'string', contentMediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' } } }
};
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const docx = { description: 'The document', content: { [DOCX]: { schema: { type: 'string', contentMediaType: DOCX } } } };
const text = (type: string, description: string) => ({ description, content: { [type]: { schema: { type: 'string' } } } });

/**
 * A GET of one meeting's or one process's theme input in some form: `body` answers 200, a bad
 * `publication` 400. Files are always the publication variant; the JSON forms take `publicationParam`.
 */
function themeInputGet(
	of: 'meeting' | 'process',
	operation: { operationId: string; summary: string; description?: string },
	body: object,
	publication: object = alwaysPublication
) {
	return {
		get: {
			...operation,
			tags: ['theme input'],
			security,
			parameters: [idParam(of === 'meeting' ? 'Meeting id' : 'Process id'), publication],
			responses: { '200': body, '400': badPublication, '401': unauthenticated, '404': notFound(of) }
		}
	};
}

/** A zod schema as an OpenAPI 3.1 (JSON Schema 2020-12) schema object. */
function schemaOf(schema: z.ZodType, io: 'input' | 'output' = 'output'): Record<string, unknown> {
	const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { target: 'draft-2020-12', io }) as Record<string, unknown>;
	return rest;
}

/** Theme input: a meeting's exports, a process's synthesis, and the export's JSON Schema. */
export const themeInputOpenApi: OpenApiPart = {
	paths: {
		'/meetings/{id}/theme-input': themeInputGet(
			'meeting',
			{
				operationId: 'getThemeInput',
				summary: "A meeting's theme input as JSON (schema version 4)",
				description:
					'Clusters (ranked first) with their ideas, votes and per-segment votes, and participation by attendance, sector and municipality. ' +
					'Projected from the board when asked, so it is exact; `projection.final` says whether the meeting was closed. ' +
					'The same schema is published as JSON Schema at /api/v1/schemas/theme-input.json.'
			},
			{ description: 'The theme input', ...jsonBody(ref('ThemeInput')) },
			publicationParam
		),
		'/meetings/{id}/export.csv': {
			get: {
				operationId: 'getMeetingCsv',
				tags: ['theme input'],
				summary: 'One row per idea as CSV (UTF-8 with a byte order mark, RFC 4180)',
				description:
					'Columns: theme, cluster, cluster_rank, cluster_votes, idea, idea_votes, author_sector, author_municipality, top_priority, ' +
					'author_attendance, idea_created_at, cluster_id, idea_id, priority_status, status_reason, status_link. Clusters in rank order, then ideas without a cluster.',
				security,
				parameters: [
					idParam('Meeting id'),
					publicationParam,
					{
						name: 'separator',
						in: 'query',
						required: false,
						description:
							'`comma` (default): for machines. `semicolon`: for Excel and LibreOffice set to Swedish, whose list separator `;` is (no `sep=` line: with one, Excel ignores the byte order mark). Anything else is a 400.',
						schema: { type: 'string', enum: ['comma', 'semicolon'] }
					}
				],
				responses: {
					'200': text('text/csv', 'The CSV file'),
					'400': { description: 'VALIDATION: `publication` or `separator` is not one of its values', ...jsonBody(ref('ValidationError')) },
					'401': unauthenticated,
					'404': notFound('meeting')
				}
			}
		},
		'/meetings/{id}/export.md': themeInputGet(
			'meeting',
			{
				operationId: 'getMeetingReport',
				summary: 'The Markdown report of a meeting, for publication',
				description: `Theme, guiding questions, participation by sector and municipality (groups under ${SUPPRESSION_THRESHOLD} suppressed), the ranked priorities with their rationales and ideas. Never names.`
			},
			text('text/markdown', 'The report')
		),
		'/meetings/{id}/priorities/{clusterId}/status': {
			put: {
				operationId: 'setPriorityStatus',
				tags: ['follow-up'],
				summary: 'Set the status of one priority of a closed meeting (audited)',
				description:
					'A priority is a cluster on the meeting’s ranked list. `reason` is public: it is shown on the follow-up page once the statuses are published. ' +
					'Every change is written to the meeting’s audit log with the previous status.',
				security,
				parameters: [idParam('Meeting id'), { name: 'clusterId', in: 'path', required: true, schema: { type: 'string' } }],
				requestBody: { required: true, ...jsonBody(schemaOf(priorityStatusInputSchema, 'input')) },
				responses: {
					'200': {
						description: 'The status as stored',
						...jsonBody({
							type: 'object',
							required: ['clusterId', 'status', 'reason', 'link'],
							properties: {
								clusterId: { type: 'string' },
								status: { type: 'string', enum: [...PRIORITY_STATUSES] },
								reason: { type: 'string' },
								link: { type: ['string', 'null'] }
							}
						})
					},
					'400': error('VALIDATION: an unknown status, an empty reason, a link that is not http(s), or an unknown field'),
					'401': unauthenticated,
					'404': error('NOT_FOUND (no such meeting, or not yours) or NOT_A_PRIORITY (no such cluster on the ranked list)'),
					'409': error('NOT_CLOSED: statuses are set after the meeting is closed')
				}
			}
		},
		'/meetings/{id}/follow-up/publications': {
			post: {
				operationId: 'publishFollowUp',
				tags: ['follow-up'],
				summary: 'Publish the statuses of a closed meeting and notify who asked',
				description:
					'The public follow-up page shows the statuses from the first publication on. Each publication queues exactly one e-mail to every address given for the meeting ' +
					'(sent through SMTP_URL, or kept in the dry-run outbox without it).',
				security,
				parameters: [idParam('Meeting id')],
				responses: {
					'201': {
						description: 'Published',
						...jsonBody({
							type: 'object',
							required: ['publicationId', 'recipients', 'followUpUrl'],
							properties: { publicationId: { type: 'string' }, recipients: { type: 'integer', minimum: 0 }, followUpUrl: { type: 'string', format: 'uri' } }
						})
					},
					'401': unauthenticated,
					'404': notFound('meeting'),
					'409': error('NOT_CLOSED, or NO_STATUSES: give at least one priority a status first')
				}
			}
		},
		'/meetings/{id}/export.xlsx': themeInputGet(
			'meeting',
			{
				operationId: 'getMeetingWorkbook',
				summary: "A meeting's theme input as an Excel workbook, for publication",
				description: workbookDescription
			},
			xlsx
		),
		'/processes/{id}/export.xlsx': themeInputGet(
			'process',
			{
				operationId: 'getProcessWorkbook',
				summary: 'The theme input of every meeting of a process as one Excel workbook, for publication',
				description: workbookDescription
			},
			xlsx
		),
		'/processes/{id}/synthesis': themeInputGet(
			'process',
			{
				operationId: 'getSynthesis',
				summary: 'The synthesis of a process: every meeting’s theme input and the participation matrix'
			},
			{ description: 'The synthesis', ...jsonBody(ref('Synthesis')) },
			publicationParam
		),
		'/processes/{id}/synthesis.md': themeInputGet(
			'process',
			{
				operationId: 'getSynthesisReport',
				summary: 'The synthesis of a process as one Markdown document, for publication'
			},
			text('text/markdown', 'The report')
		),
		'/processes/{id}/synthesis.docx': themeInputGet(
			'process',
			{
				operationId: 'getSynthesisDocument',
				summary: 'The synthesis of a process as a Word document (DOCX), for publication',
				description: 'Top priorities of every held theme side by side, the same concern across themes (shared categories), the meetings not held, then every held meeting’s minutes. Swedish language tag (English with ?lang or the language cookie), real headings, tables with header rows.'
			},
			docx
		),
		'/meetings/{id}/minutes.docx': themeInputGet(
			'meeting',
			{
				operationId: 'getMeetingMinutes',
				summary: "A meeting's minutes as a Word document (DOCX), for publication",
				description: `Everything the Markdown report has, with statuses and categories: real headings, tables with header rows, the document's language set, groups under ${SUPPRESSION_THRESHOLD} suppressed, never names.`
			},
			docx
		),
		'/schemas/theme-input.json': {
			get: {
				operationId: 'getThemeInputSchema',
				tags: ['theme input'],
				summary: 'The JSON Schema (draft 2020-12) of the theme-input export',
				security: [],
				responses: {
					'200': { description: 'The schema', content: { 'application/schema+json': { schema: { type: 'object', required: ['$schema', 'properties'] } } } }
				}
			}
		}
	},
	schemas: {
		ThemeInput: schemaOf(themeInputExportSchema),
		Synthesis: schemaOf(synthesisSchema)
	}
};
