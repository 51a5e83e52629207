// The OpenAPI 3.1 document served at /api/v1/openapi.json. Each area of the API adds its paths
// and schemas in its own module (openapi-*.ts beside this file) and is listed here.

import { archiveOpenApi } from './openapi-archive';
import { authOpenApi } from './openapi-auth';
import { categoriesOpenApi } from './openapi-categories';
import { joinOpenApi } from './openapi-join';
import { processesOpenApi } from './openapi-processes';
import { themeInputOpenApi } from './openapi-theme-input';

/** A part of the OpenAPI document: paths and component schemas. */
export interface OpenApiPart {
	paths: Record<string, unknown>;
	schemas?: Record<string, unknown>;
}

const parts: OpenApiPart[] = [authOpenApi, processesOpenApi, joinOpenApi, themeInputOpenApi, categoriesOpenApi, archiveOpenApi];

/** Builds the whole document for a server origin. */
export function openApiDocument(origin: string) {
	return {
		openapi: '3.1.0',
		info: {
			title: 'Samla API',
			version: '1.0.0',
			description:
				'HTTP API of Samla. Authenticate with a bearer token from POST /api/v1/auth/sign-in (moderators). Every error (4xx and 5xx, also for unknown paths, methods a path lacks, bodies over the size limit) is JSON: { "code": "…", "message": "…" }. Text may not contain NUL characters (400 VALIDATION). A POST, PUT, PATCH or DELETE that carries cookies must come from Samla’s own origin (Origin header); otherwise 403 CROSS_SITE.'
		},
		servers: [{ url: `${origin}/api/v1` }],
		paths: Object.assign({}, ...parts.map((p) => p.paths)),
		components: {
			securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
			schemas: Object.assign(
				{
					Error: {
						type: 'object',
						required: ['code', 'message'],
						properties: { code: { type: 'string' }, message: { type: 'string' } }
					}
				},
				...parts.map((p) => p.schemas ?? {})
			)
		}
	};
}
