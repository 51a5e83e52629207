import { SIGN_IN_CEILING_PER_HOUR } from '../auth/sign-in';
import type { OpenApiPart } from './openapi';

const error = (description: string) => ({
	description,
	content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } }
});

/** Sign-in, sign-out and "who am I" for moderators' scripts. */
export const authOpenApi: OpenApiPart = {
	paths: {
		'/auth/sign-in': {
			post: {
				operationId: 'signIn',
				tags: ['auth'],
				summary: 'Sign in as a moderator and get a bearer token',
				description:
					'Send the token as `Authorization: Bearer <token>` on /api/v1 requests, or as `?token=<token>` on WebSocket URLs (/yjs, socket.io). ' +
					'A session ends after expiresAfterInactivitySeconds without use. After 5 consecutive failed attempts from one client (the samla_client cookie, ' +
					'or the address without it) an e-mail address is locked for that client, starting at 30 seconds and doubling up to 15 minutes; ' +
					`clients that never signed in to it share a ceiling of ${SIGN_IN_CEILING_PER_HOUR} attempts an hour; unknown e-mail addresses are treated the same.`,
				security: [],
				requestBody: {
					required: true,
					content: { 'application/json': { schema: { $ref: '#/components/schemas/SignInRequest' } } }
				},
				responses: {
					'200': {
						description: 'Signed in',
						content: { 'application/json': { schema: { $ref: '#/components/schemas/SignInResponse' } } }
					},
					'400': error('VALIDATION: the body is not JSON or lacks email/password'),
					'401': error('INVALID_CREDENTIALS: wrong e-mail or password (never says which)'),
					'429': {
						...error('RATE_LIMITED: the e-mail address is locked for this client, or its hourly ceiling is reached'),
						headers: { 'Retry-After': { description: 'Seconds until the next attempt is allowed', schema: { type: 'integer' } } }
					}
				}
			}
		},
		'/auth/sign-out': {
			post: {
				operationId: 'signOut',
				tags: ['auth'],
				summary: 'End the session of the bearer token',
				security: [{ bearer: [] }],
				responses: { '204': { description: 'Signed out; the token no longer works' }, '401': error('UNAUTHENTICATED') }
			}
		},
		'/me': {
			get: {
				operationId: 'getMe',
				tags: ['auth'],
				summary: 'The signed-in moderator',
				security: [{ bearer: [] }],
				responses: {
					'200': {
						description: 'The moderator the token belongs to',
						content: {
							'application/json': {
								schema: {
									type: 'object',
									required: ['moderator'],
									properties: { moderator: { $ref: '#/components/schemas/Moderator' } }
								}
							}
						}
					},
					'401': error('UNAUTHENTICATED: no token, or an unknown, expired or signed-out one')
				}
			}
		}
	},
	schemas: {
		SignInRequest: {
			type: 'object',
			required: ['email', 'password'],
			properties: {
				email: { type: 'string', maxLength: 254 },
				password: { type: 'string', minLength: 1, maxLength: 256 }
			}
		},
		SignInResponse: {
			type: 'object',
			required: ['token', 'moderator', 'expiresAfterInactivitySeconds'],
			properties: {
				token: { type: 'string', description: 'Bearer token "<id>.<secret>"; store it like a password' },
				moderator: { $ref: '#/components/schemas/Moderator' },
				expiresAfterInactivitySeconds: { type: 'integer', example: 864000 }
			}
		},
		Moderator: {
			type: 'object',
			required: ['id', 'email', 'name'],
			properties: { id: { type: 'string', format: 'uuid' }, email: { type: 'string' }, name: { type: 'string' } }
		}
	}
};
