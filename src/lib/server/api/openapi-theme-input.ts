import { z } from 'zod';
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
const badPublication = { description: 'VALIDATION: `publication` is neither true nor false', ...jsonBody(ref('ValidationError')) };
const text = (type: string, description: string) => ({ description, content: { [type]: { schema: { type: 'string' } } } });

/** A zod schema as an OpenAPI 3.1 (JSON Schema 2020-12) schema object. */
function schemaOf(schema: z.ZodType): Record<string, unknown> {
	const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { target: 'draft-2020-12' }) as Record<string, unknown>;
	return rest;
}

/** Theme input: a meeting's exports, a process's synthesis, and the export's JSON Schema. */
export const themeInputOpenApi: OpenApiPart = {
	paths: {
		'/meetings/{id}/theme-input': {
			get: {
				tags: ['theme input'],
				summary: "A meeting's theme input as JSON (schema version 1)",
				description:
					'Clusters (ranked first) with their ideas, votes and per-segment votes, and participation by attendance, sector and municipality. ' +
					'Projected from the board when asked, so it is exact; `projection.final` says whether the meeting was closed. ' +
					'The same schema is published as JSON Schema at /api/v1/schemas/theme-input.json.',
				security,
				parameters: [idParam('Meeting id'), publicationParam],
				responses: {
					'200': { description: 'The theme input', ...jsonBody(ref('ThemeInput')) },
					'400': badPublication,
					'401': unauthenticated,
					'404': notFound('meeting')
				}
			}
		},
		'/meetings/{id}/export.csv': {
			get: {
				tags: ['theme input'],
				summary: 'One row per idea as CSV (UTF-8 with a byte order mark, RFC 4180)',
				description:
					'Columns: theme, cluster, cluster_rank, cluster_votes, idea, idea_votes, author_sector, author_municipality, top_priority, ' +
					'author_attendance, idea_created_at, cluster_id, idea_id. Clusters in rank order, then ideas without a cluster.',
				security,
				parameters: [idParam('Meeting id'), publicationParam],
				responses: { '200': text('text/csv', 'The CSV file'), '400': badPublication, '401': unauthenticated, '404': notFound('meeting') }
			}
		},
		'/meetings/{id}/export.md': {
			get: {
				tags: ['theme input'],
				summary: 'The Markdown report of a meeting, for publication',
				description: `Theme, guiding questions, participation by sector and municipality (groups under ${SUPPRESSION_THRESHOLD} suppressed), the ranked priorities with their rationales and ideas. Never names.`,
				security,
				parameters: [idParam('Meeting id')],
				responses: { '200': text('text/markdown', 'The report'), '401': unauthenticated, '404': notFound('meeting') }
			}
		},
		'/processes/{id}/synthesis': {
			get: {
				tags: ['theme input'],
				summary: 'The synthesis of a process: every meeting’s theme input and the participation matrix',
				security,
				parameters: [idParam('Process id'), publicationParam],
				responses: {
					'200': { description: 'The synthesis', ...jsonBody(ref('Synthesis')) },
					'400': badPublication,
					'401': unauthenticated,
					'404': notFound('process')
				}
			}
		},
		'/processes/{id}/synthesis.md': {
			get: {
				tags: ['theme input'],
				summary: 'The synthesis of a process as one Markdown document, for publication',
				security,
				parameters: [idParam('Process id')],
				responses: { '200': text('text/markdown', 'The report'), '401': unauthenticated, '404': notFound('process') }
			}
		},
		'/schemas/theme-input.json': {
			get: {
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
