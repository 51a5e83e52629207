import type { MeetingKeyMemo } from './authors';
import type { ThemeInputRows } from './rows';

/**
 * A meeting's rows as a projection stored them, and their content hash (theme_projections); with
 * the pseudonymous keys it computed (authors.ts), none once the meeting is purged.
 */
export interface ProjectedRows {
	hash: string;
	/** The board schema version the hash was computed with. */
	schemaVersion: number;
	rows: ThemeInputRows;
	keys?: MeetingKeyMemo;
}

/**
 * The rows this process last stored per meeting, so that the next projection writes only the rows
 * that changed (project.ts), and the keys it need not compute again. Bounded: the least recently used meeting goes first. An entry is only
 * a claim about what was stored; the projection trusts it only while theme_projections still holds
 * its hash.
 */
export interface ProjectionCache {
	get(meetingId: string): ProjectedRows | undefined;
	set(meetingId: string, projected: ProjectedRows): void;
	delete(meetingId: string): void;
	clear(): void;
}

export function createProjectionCache(limit = 200): ProjectionCache {
	const entries = new Map<string, ProjectedRows>();
	return {
		get(meetingId) {
			const projected = entries.get(meetingId);
			if (projected) {
				// Map keeps insertion order: re-inserting marks it most recently used.
				entries.delete(meetingId);
				entries.set(meetingId, projected);
			}
			return projected;
		},
		set(meetingId, projected) {
			entries.delete(meetingId);
			entries.set(meetingId, projected);
			while (entries.size > limit) entries.delete(entries.keys().next().value!);
		},
		delete(meetingId) {
			entries.delete(meetingId);
		},
		clear() {
			entries.clear();
		}
	};
}
