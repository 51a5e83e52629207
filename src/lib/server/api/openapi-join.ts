import { JOIN_CODE_LENGTH } from '../../join-code';
import { ATTENDANCES, PARTICIPANT_NAME_MAX, PARTICIPANT_ORGANISATION_MAX } from '../../participant-join';
import { INACTIVITY_TIMEOUT_MS } from '../auth/session';
import { JOIN_ATTEMPT_LIMITS } from '../db/join-attempts';
import type { OpenApiPart } from './openapi';

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const jsonBody = (schema: unknown) => ({ content: { 'application/json': { schema } } });
const error = (description: string) => ({ description, ...jsonBody(ref('Error')) });

/** Joining a meeting as a participant, without an account, for non-browser clients. */
export const joinOpenApi: OpenApiPart = {
	paths: {
		'/join': {
			post: {
				operationId: 'joinMeeting',
				tags: ['participants'],
				summary: 'Join a meeting by its join code and get a participant token',
				description:
					'No account is needed. The token stands for this participant in this meeting only: open the board with ' +
					'`new WebSocket(websocketUrl + "?token=" + token)` (the y-websocket protocol; with the stock provider, `params: { token }`) ' +
					'and the meeting socket with socket.io-client at `socketIo.path`, namespace `socketIo.namespace`, `auth: { meetingId, token }`. ' +
					`The token ends after ${INACTIVITY_TIMEOUT_MS / 86_400_000} days without use, or when a moderator removes the participant. ` +
					`Wrong join codes are counted per client (the samla_client cookie, if the client keeps cookies; at most ${JOIN_ATTEMPT_LIMITS.client} in 5–10 minutes) ` +
					`and, generously, per network address (${JOIN_ATTEMPT_LIMITS.ip}); no address is stored.`,
				security: [],
				requestBody: { required: true, ...jsonBody(ref('JoinRequest')) },
				responses: {
					'201': { description: 'Joined: a new participant and their token', ...jsonBody(ref('JoinResponse')) },
					'400': {
						description:
							'VALIDATION: the body is not a JSON object, or fields are invalid (see `issues`; problems are REQUIRED, TOO_LONG, INVALID, UNKNOWN)',
						...jsonBody(ref('JoinValidationError'))
					},
					'404': error('NOT_FOUND: no meeting has this code (or its meeting is archived); counts as a wrong code'),
					'409': error('MEETING_CLOSED: the meeting has ended and takes no new participants'),
					'429': {
						...error('RATE_LIMITED: too many wrong codes from this client; no code is looked up until the wait is over'),
						headers: { 'Retry-After': { description: 'Seconds until the next attempt is allowed', schema: { type: 'integer' } } }
					},
					'503': {
						...error('UNAVAILABLE: the database cannot be reached; nothing was changed, try again'),
						headers: { 'Retry-After': { description: 'Seconds to wait before trying again', schema: { type: 'integer' } } }
					}
				}
			}
		}
	},
	schemas: {
		JoinRequest: {
			type: 'object',
			required: ['code', 'displayName', 'attendance'],
			properties: {
				code: {
					type: 'string',
					description: `The meeting's join code, ${JOIN_CODE_LENGTH} characters; case, spaces and dashes do not matter`,
					examples: ['K7M-9PQ-2RS']
				},
				displayName: {
					type: 'string',
					minLength: 1,
					maxLength: PARTICIPANT_NAME_MAX,
					description: 'Shown to everyone in the meeting; a pseudonym is fine. Trimmed; runs of white space become one space.'
				},
				organisation: { type: ['string', 'null'], maxLength: PARTICIPANT_ORGANISATION_MAX },
				sectorCode: { type: ['string', 'null'], description: 'A sector code from the reference list, e.g. `civil_society`' },
				municipalityCode: { type: ['string', 'null'], description: 'A municipality code from the reference list, e.g. `2480`' },
				attendance: { type: 'string', enum: [...ATTENDANCES] }
			}
		},
		JoinResponse: {
			type: 'object',
			required: ['token', 'participant', 'meeting', 'websocketUrl', 'socketIo'],
			properties: {
				token: { type: 'string', description: 'The participant token; keep it secret' },
				participant: {
					type: 'object',
					required: ['id', 'displayName', 'attendance'],
					properties: {
						id: { type: 'string', format: 'uuid' },
						displayName: { type: 'string' },
						attendance: { type: 'string', enum: [...ATTENDANCES] }
					}
				},
				meeting: {
					type: 'object',
					required: ['id', 'themeTitle'],
					properties: { id: { type: 'string', format: 'uuid' }, themeTitle: { type: 'string' } }
				},
				websocketUrl: {
					type: 'string',
					description: 'The board: `ws(s)://<host>/yjs/<meetingId>`; add `?token=<token>`',
					examples: ['wss://samla.example/yjs/0b6f7c1e-2f7a-4d2b-9d3e-5a1c2b3d4e5f']
				},
				socketIo: {
					type: 'object',
					required: ['path', 'namespace'],
					properties: { path: { type: 'string', const: '/socket.io' }, namespace: { type: 'string', const: '/meeting' } }
				}
			}
		},
		JoinValidationError: {
			type: 'object',
			required: ['code', 'message', 'issues'],
			properties: {
				code: { type: 'string', const: 'VALIDATION' },
				message: { type: 'string' },
				issues: {
					type: 'array',
					items: {
						type: 'object',
						required: ['field', 'problem'],
						properties: {
							field: { type: 'string', examples: ['sectorCode'] },
							problem: { type: 'string', enum: ['REQUIRED', 'TOO_LONG', 'INVALID', 'UNKNOWN'] }
						}
					}
				}
			}
		}
	}
};
