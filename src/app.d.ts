import type { SessionModerator } from '$lib/server/auth/session';
import type { Services } from '$lib/server/services';

declare global {
	namespace App {
		interface Locals {
			services: Services;
			/** The signed-in moderator, from the session cookie or a bearer token. */
			moderator: SessionModerator | null;
			sessionId: string | null;
		}
		interface Error {
			message: string;
			code?: string;
			/** With code 'throttled': when the client may try again. */
			retryAfterSeconds?: number;
		}
	}
}

export {};
