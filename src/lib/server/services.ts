import type { Config } from './config';
import type { Sql } from './db/sql';
import type { Logger } from './log';
import type { SuggestInput, Suggestions } from '../suggest/suggester';

/** Suggested groups and duplicate hints (issue 14), computed off the event loop. */
export interface SuggestionService {
	/** The method configured: 'semantic' with SAMLA_EMBEDDING_MODEL_DIR, else 'lexical' (each answer names the method that ran). */
	readonly method: string;
	suggest(input: SuggestInput): Promise<Suggestions>;
	close(): Promise<void>;
}

/**
 * What the composition root creates once and every part of Samla shares: the SvelteKit routes
 * (bundled separately by Vite) and the realtime server reach the same pool through this.
 */
export interface Services {
	config: Config;
	sql: Sql;
	log: Logger;
	suggestions: SuggestionService;
	/**
	 * Whether PostgreSQL answers a probe within `timeoutMs` (default 2 s), on a connection of its
	 * own: the pool's queue (busy, or waiting to reconnect) does not delay it.
	 */
	databaseHealthy(timeoutMs?: number): Promise<boolean>;
	/** Sends the follow-up mails in the outbox (absent in tools such as the CLI: they stay queued). */
	mailer?: { wake(): void };
	/** The live server's realtime side (server/compose.ts; absent in tools such as the CLI). */
	realtime?: {
		/** After a participant was removed: cut their live connections and update vote counts. */
		participantRemoved(meetingId: string, participantId: string): Promise<void>;
		/** After a board's stored state was replaced (a purge): drop the live room so it reloads. */
		boardReplaced?(meetingId: string): Promise<void>;
	};
}

// The SvelteKit build carries its own copy of this module, so module state cannot be shared
// across the boundary; a global symbol can.
const KEY = Symbol.for('samla.services');
type Holder = { [KEY]?: Services };

export function provideServices(services: Services): void {
	(globalThis as Holder)[KEY] = services;
}

/** The services of this process; throws when the composition root has not provided them. */
export function getServices(): Services {
	const services = (globalThis as Holder)[KEY];
	if (!services) throw new Error('Samla services are not provided: start Samla through server/main.ts or `npm run dev`');
	return services;
}
