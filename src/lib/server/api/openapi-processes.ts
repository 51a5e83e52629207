import {
	GUIDING_QUESTION_MAX,
	GUIDING_QUESTIONS_MAX,
	MEETING_DEFAULTS,
	MEETING_LOCATION_MAX,
	MEETING_TITLE_MAX,
	VOTES_MAX,
	VOTES_MIN,
	SEGMENT_FIELDS,
	WHO_MAY_GROUP
} from '../../meeting';
import { PHASES } from '../../engine/phases';
import { PROCESS_DESCRIPTION_MAX, PROCESS_ORGANISATION_MAX, PROCESS_TITLE_MAX, RETENTION_DECISION_MAX } from '../../process';
import type { OpenApiPart } from './openapi';
import { PAGE_LIMIT_DEFAULT, PAGE_LIMIT_MAX } from './processes-json';

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const jsonBody = (schema: unknown) => ({ content: { 'application/json': { schema } } });
const error = (description: string) => ({ description, ...jsonBody(ref('Error')) });
const validation = {
	description: 'VALIDATION: the body is not a JSON object, or fields are invalid (see `fields`)',
	...jsonBody(ref('ValidationError'))
};
const unauthenticated = error('UNAUTHENTICATED: no valid bearer token');
const notFound = (what: string) => error(`NOT_FOUND: no such ${what}, or you are not one of its moderators (existence is not revealed)`);
const security = [{ bearer: [] }];
const idParam = (description: string) => ({ name: 'id', in: 'path', required: true, description, schema: { type: 'string', format: 'uuid' } });
const archivedParam = {
	name: 'archived',
	in: 'query',
	required: false,
	description: '`true` also lists archived entries',
	schema: { type: 'string', enum: ['true', 'false', '1', '0'] }
};
const pageParams = [
	{ name: 'limit', in: 'query', required: false, description: `At most this many entries (1–${PAGE_LIMIT_MAX}, default ${PAGE_LIMIT_DEFAULT})`, schema: { type: 'integer', minimum: 1, maximum: PAGE_LIMIT_MAX, default: PAGE_LIMIT_DEFAULT } },
	{ name: 'offset', in: 'query', required: false, description: 'Skip this many entries (for the next page: `nextOffset` of the previous one)', schema: { type: 'integer', minimum: 0, default: 0 } }
];
const phaseParam = {
	name: 'phase',
	in: 'query',
	required: false,
	description: 'Only meetings in these phases: one, comma-separated (`vote,rank`) or repeated',
	style: 'form',
	explode: false,
	schema: { type: 'array', items: { type: 'string', enum: [...PHASES] } }
};
const pageProperties = {
	total: { type: 'integer', minimum: 0, description: 'Entries the filter matches, on every page' },
	limit: { type: 'integer', minimum: 1 },
	offset: { type: 'integer', minimum: 0 },
	nextOffset: { type: ['integer', 'null'], minimum: 0, description: 'The offset of the next page; null on the last' }
};
const badQuery = { description: 'VALIDATION: an unknown query parameter, or a value out of range (see `fields`)', ...jsonBody(ref('ValidationError')) };
const processResponse = (description: string) => ({
	description,
	...jsonBody({ type: 'object', required: ['process'], properties: { process: ref('Process') } })
});
const meetingResponse = (description: string) => ({
	description,
	...jsonBody({ type: 'object', required: ['meeting'], properties: { meeting: ref('Meeting') } })
});

const meetingFields = {
	themeTitle: { type: 'string', minLength: 1, maxLength: MEETING_TITLE_MAX },
	guidingQuestions: {
		type: 'array',
		maxItems: GUIDING_QUESTIONS_MAX,
		items: { type: 'string', maxLength: GUIDING_QUESTION_MAX },
		description: 'Empty strings are dropped.'
	},
	startsAt: {
		type: ['string', 'null'],
		format: 'date-time',
		description: 'ISO 8601 with an offset, e.g. 2018-11-07T09:00:00+01:00. Meetings are shown in Europe/Stockholm time.'
	},
	endsAt: { type: ['string', 'null'], format: 'date-time', description: 'Needs startsAt, and not before it.' },
	location: { type: 'string', maxLength: MEETING_LOCATION_MAX, description: 'Emptied when remoteOnly is true.' },
	remoteOnly: { type: 'boolean', default: false },
	votesPerParticipant: { type: 'integer', minimum: VOTES_MIN, maximum: VOTES_MAX, default: MEETING_DEFAULTS.votesPerParticipant },
	maxVotesPerItem: {
		type: 'integer',
		minimum: VOTES_MIN,
		maximum: VOTES_MAX,
		default: MEETING_DEFAULTS.maxVotesPerItem,
		description: 'At most votesPerParticipant (else VALIDATION with ABOVE_VOTE_BUDGET).'
	},
	notesPrivateUntilReveal: { type: 'boolean', default: MEETING_DEFAULTS.notesPrivateUntilReveal },
	whoMayGroup: { type: 'string', enum: [...WHO_MAY_GROUP], default: MEETING_DEFAULTS.whoMayGroup },
	anonymousAuthors: { type: 'boolean', default: MEETING_DEFAULTS.anonymousAuthors },
	askedSegments: {
		type: 'array',
		items: { type: 'string', enum: [...SEGMENT_FIELDS] },
		default: [...MEETING_DEFAULTS.askedSegments],
		description:
			'The optional details the join form asks, on a second step participants may skip (display name and attendance are always asked). Each at most once; returned in this order. POST /join ignores details the meeting does not ask.'
	}
};

const processFields = {
	title: { type: 'string', minLength: 1, maxLength: PROCESS_TITLE_MAX },
	description: { type: 'string', maxLength: PROCESS_DESCRIPTION_MAX, default: '' },
	ownerOrganisation: { type: 'string', maxLength: PROCESS_ORGANISATION_MAX, default: '' }
};

/** Processes and their themed meetings: only those the signed-in moderator is a moderator of. */
export const processesOpenApi: OpenApiPart = {
	paths: {
		'/processes': {
			get: {
				operationId: 'listProcesses',
				tags: ['processes'],
				summary: 'The processes you are a moderator of, newest first, a page at a time',
				security,
				parameters: [archivedParam, ...pageParams],
				responses: {
					'200': {
						description: 'Processes',
						...jsonBody({
							type: 'object',
							required: ['processes', ...Object.keys(pageProperties)],
							properties: { processes: { type: 'array', items: ref('Process') }, ...pageProperties }
						})
					},
					'400': badQuery,
					'401': unauthenticated
				}
			},
			post: {
				operationId: 'createProcess',
				tags: ['processes'],
				summary: 'Create a process; you become its owner',
				security,
				requestBody: { required: true, ...jsonBody(ref('ProcessInput')) },
				responses: { '201': processResponse('Created'), '400': validation, '401': unauthenticated }
			}
		},
		'/processes/{id}': {
			get: {
				operationId: 'getProcess',
				tags: ['processes'],
				summary: 'One process',
				security,
				parameters: [idParam('Process id')],
				responses: { '200': processResponse('The process'), '401': unauthenticated, '404': notFound('process') }
			},
			patch: {
				operationId: 'updateProcess',
				tags: ['processes'],
				summary: 'Change some fields of a process, archive / restore it, or record its retention decision (owners)',
				security,
				parameters: [idParam('Process id')],
				requestBody: { required: true, ...jsonBody(ref('ProcessPatch')) },
				responses: {
					'200': processResponse('The changed process'),
					'400': validation,
					'401': unauthenticated,
					'403': error('NOT_OWNER: only an owner records the retention decision (nothing is changed)'),
					'404': notFound('process')
				}
			}
		},
		'/processes/{id}/meetings': {
			get: {
				operationId: 'listMeetings',
				tags: ['meetings'],
				summary: 'The meetings of a process in date order (undated last), optionally of some phases, a page at a time',
				security,
				parameters: [idParam('Process id'), archivedParam, phaseParam, ...pageParams],
				responses: {
					'200': {
						description: 'Meetings',
						...jsonBody({
							type: 'object',
							required: ['meetings', ...Object.keys(pageProperties)],
							properties: { meetings: { type: 'array', items: ref('Meeting') }, ...pageProperties }
						})
					},
					'400': badQuery,
					'401': unauthenticated,
					'404': notFound('process')
				}
			},
			post: {
				operationId: 'createMeeting',
				tags: ['meetings'],
				summary: 'Create a meeting (phase draft, with a new join code)',
				security,
				parameters: [idParam('Process id')],
				requestBody: { required: true, ...jsonBody(ref('MeetingInput')) },
				responses: { '201': meetingResponse('Created'), '400': validation, '401': unauthenticated, '404': notFound('process') }
			}
		},
		'/meetings/{id}': {
			get: {
				operationId: 'getMeeting',
				tags: ['meetings'],
				summary: 'One meeting',
				security,
				parameters: [idParam('Meeting id')],
				responses: { '200': meetingResponse('The meeting'), '401': unauthenticated, '404': notFound('meeting') }
			},
			patch: {
				operationId: 'updateMeeting',
				tags: ['meetings'],
				summary: 'Change some fields of a meeting; the result is validated as a whole. A closed meeting’s settings are frozen (409)',
				security,
				parameters: [idParam('Meeting id')],
				requestBody: { required: true, ...jsonBody(ref('MeetingPatch')) },
				responses: {
					'200': meetingResponse('The changed meeting'),
					'400': validation,
					'401': unauthenticated,
					'404': notFound('meeting'),
					'409': error('MEETING_CLOSED: the meeting is closed; its settings are frozen with its final theme input')
				}
			}
		},
		'/meetings/{id}/duplicate': {
			post: {
				operationId: 'duplicateMeeting',
				tags: ['meetings'],
				summary: 'Copy a meeting as a template: theme (with a suffix), questions, place and settings; new join code, no date',
				security,
				parameters: [idParam('Meeting id')],
				requestBody: {
					required: false,
					...jsonBody({
						type: 'object',
						additionalProperties: false,
						properties: { titleSuffix: { type: 'string', maxLength: 50, default: ' (kopia)' } }
					})
				},
				responses: { '201': meetingResponse('The copy'), '400': validation, '401': unauthenticated, '404': notFound('meeting') }
			}
		},
		'/meetings/{id}/archive': {
			post: {
				operationId: 'archiveMeeting',
				tags: ['meetings'],
				summary: 'Archive a meeting (hidden from lists); `{ "archived": false }` restores it',
				security,
				parameters: [idParam('Meeting id')],
				requestBody: {
					required: false,
					...jsonBody({ type: 'object', additionalProperties: false, properties: { archived: { type: 'boolean', default: true } } })
				},
				responses: { '200': meetingResponse('The meeting'), '400': validation, '401': unauthenticated, '404': notFound('meeting') }
			}
		}
	},
	schemas: {
		ValidationError: {
			type: 'object',
			required: ['code', 'message'],
			properties: {
				code: { type: 'string', const: 'VALIDATION' },
				message: { type: 'string' },
				fields: {
					type: 'object',
					description:
						'The problem of each invalid field: REQUIRED, INVALID, TOO_LONG, TOO_MANY, OUT_OF_RANGE, ABOVE_VOTE_BUDGET, ENDS_BEFORE_START, UNKNOWN_FIELD',
					additionalProperties: { type: 'string' }
				}
			}
		},
		ProcessInput: { type: 'object', additionalProperties: false, required: ['title'], properties: processFields },
		ProcessPatch: {
			type: 'object',
			additionalProperties: false,
			properties: {
				...processFields,
				archived: { type: 'boolean', description: 'true archives, false restores' },
				retentionDecision: {
					type: ['string', 'null'],
					maxLength: RETENTION_DECISION_MAX,
					description: 'Owners only (else 403 NOT_OWNER): the retention (gallring) decision the personal data is purged under, e.g. "RS 2026/123 § 4"; "" or null for none'
				}
			}
		},
		Process: {
			type: 'object',
			required: ['id', 'title', 'description', 'ownerOrganisation', 'role', 'meetingCount', 'closedMeetingCount', 'participantCount', 'retentionDecision', 'createdAt', 'archivedAt'],
			properties: {
				id: { type: 'string', format: 'uuid' },
				...processFields,
				role: { type: 'string', enum: ['owner', 'moderator'], description: 'Your role in the process' },
				meetingCount: { type: 'integer', description: 'Meetings not archived' },
				closedMeetingCount: { type: 'integer', description: 'Meetings not archived that are closed' },
				participantCount: { type: 'integer', description: 'Participants (not removed) of the meetings not archived' },
				retentionDecision: { type: ['string', 'null'], description: 'The retention (gallring) decision purges follow and archive packages name; null when none is given' },
				createdAt: { type: 'string', format: 'date-time' },
				archivedAt: { type: ['string', 'null'], format: 'date-time' }
			}
		},
		MeetingInput: { type: 'object', additionalProperties: false, required: ['themeTitle'], properties: meetingFields },
		MeetingPatch: {
			type: 'object',
			additionalProperties: false,
			description: 'Any subset of MeetingInput; the meeting after the change is validated as a whole',
			properties: meetingFields
		},
		Meeting: {
			type: 'object',
			required: ['id', 'processId', ...Object.keys(meetingFields), 'joinCode', 'joinUrl', 'phase', 'createdAt', 'updatedAt', 'archivedAt', 'closedAt', 'counts'],
			properties: {
				id: { type: 'string', format: 'uuid' },
				processId: { type: 'string', format: 'uuid' },
				...meetingFields,
				joinCode: {
					type: 'string',
					pattern: '^[2-9A-HJKMNP-TV-Z]{3}-[2-9A-HJKMNP-TV-Z]{3}-[2-9A-HJKMNP-TV-Z]{3}$',
					description: 'For people, e.g. ABC-DEF-GHJ; dashes and case are ignored when joining'
				},
				joinUrl: { type: 'string', format: 'uri', description: 'The link (and QR code) participants open' },
				phase: { type: 'string', enum: [...PHASES] },
				createdAt: { type: 'string', format: 'date-time' },
				updatedAt: { type: 'string', format: 'date-time' },
				archivedAt: { type: ['string', 'null'], format: 'date-time' },
				closedAt: { type: ['string', 'null'], format: 'date-time', description: 'When the meeting was closed; null while it is not' },
				counts: {
					type: 'object',
					required: ['participants', 'ideas', 'votes'],
					properties: {
						participants: { type: 'integer', minimum: 0, description: 'Participants not removed' },
						ideas: { type: 'integer', minimum: 0, description: 'Ideas written (private ones included), not counting hidden, removed or merged ones' },
						votes: { type: 'integer', minimum: 0, description: 'Votes cast by participants not removed' }
					}
				}
			}
		}
	}
};
