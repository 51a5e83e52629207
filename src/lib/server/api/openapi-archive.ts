import { SUPPRESSION_THRESHOLD } from '../../theme-input/schema';
import type { OpenApiPart } from './openapi';

const jsonBody = (schema: unknown) => ({ content: { 'application/json': { schema } } });
const error = (description: string) => ({ description, ...jsonBody({ $ref: '#/components/schemas/Error' }) });
const security = [{ bearer: [] }];
const idParam = (description: string) => ({ name: 'id', in: 'path', required: true, description, schema: { type: 'string', format: 'uuid' } });
const zip = { description: 'The package', content: { 'application/zip': { schema: { type: 'string', contentMediaType: 'application/zip' } } } };
const contents =
	'metadata.json (package version, creation time, language, schema versions, the process, the meeting(s) with dates, who closed each and any purge with the decision it followed, the process’s retention decision, and every file with its size, media type and SHA-256), ' +
	'SHA256SUMS (the SHA-256 of every other file, in `sha256sum -c` format) and schema/theme-input.schema.json (the JSON Schema the theme-input JSON follows). ' +
	`Always the publication variant: no names, groups under ${SUPPRESSION_THRESHOLD} people suppressed.`;

/** Archive packages for the registrar (issue 13, point 5). */
export const archiveOpenApi: OpenApiPart = {
	paths: {
		'/meetings/{id}/archive.zip': {
			get: {
				operationId: 'getMeetingArchive',
				tags: ['archive'],
				summary: 'The archive package of a closed meeting (ZIP)',
				description: `theme-input.json, theme-input.csv, theme-input.xlsx, protokoll.docx, ${contents}`,
				security,
				parameters: [idParam('Meeting id')],
				responses: {
					'200': zip,
					'401': error('UNAUTHENTICATED: no valid moderator token'),
					'404': error('NOT_FOUND: no such meeting, or you are not one of its moderators'),
					'409': error('NOT_CLOSED: the package is made once the meeting is closed')
				}
			}
		},
		'/processes/{id}/archive.zip': {
			get: {
				operationId: 'getProcessArchive',
				tags: ['archive'],
				summary: 'The archive package of a process: every closed meeting and the synthesis (ZIP)',
				description: `meetings/NN-theme/ with each closed meeting’s files as in its own package, synthesis.json, synthesis.xlsx, synthesis.docx, ${contents}`,
				security,
				parameters: [idParam('Process id')],
				responses: {
					'200': zip,
					'401': error('UNAUTHENTICATED: no valid moderator token'),
					'404': error('NOT_FOUND: no such process, or you are not one of its moderators'),
					'409': error('NOT_CLOSED: the process has no closed meeting yet')
				}
			}
		}
	}
};
