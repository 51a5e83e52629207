import { performance } from 'node:perf_hooks';
import * as Y from 'yjs';
import { createCluster, initBoard, listNotes } from '../src/lib/board/board';
import { LIMITS, NOTE_COLOURS, noteSchema } from '../src/lib/board/schema';
import type { Sql } from '../src/lib/server/db/sql';
import { arrangeMeeting, arrangeParticipants } from './arrange';
import { stockClient, type ArrivalSink } from './board-client';
import type { Cleanup } from './cleanup';
import { startServer } from './server-process';
import { median } from './stats';

export interface BigBoardOptions {
	notes: number[];
	/** Fresh meetings per size: each one's first client loads the room from PostgreSQL. */
	coldRuns: number;
	/** Further clients on an already loaded room. */
	warmRuns: number;
}

export interface BigBoardResult {
	notes: number;
	stateBytes: number;
	cold: number[];
	warm: number[];
}

const WORDS = 'fler mötesplatser för unga i hela länet bättre kollektivtrafik mellan kommunerna digital kulturskola lokala företag kompetens vård nära hemmet bredband på landsbygden föreningsliv'.split(' ');

/**
 * A board document with `count` notes in 20 clusters, built with the board model's own schema.
 * Clusters go through `createCluster`; notes are written as the schema's entries directly, since
 * `addNote` refuses more than LIMITS.notesPerBoard notes (and re-reads the board on every add).
 */
export function buildBoard(count: number): Uint8Array {
	const doc = new Y.Doc();
	initBoard(doc);
	const clusterIds = Array.from({ length: 20 }, (_, i) => `bench-cluster-${String(i).padStart(2, '0')}`);
	for (const [i, clusterId] of clusterIds.entries()) {
		const created = createCluster(doc, { id: clusterId, title: `Tema ${i + 1}` });
		if (!created.ok) throw new Error(`createCluster: ${created.code}`);
	}
	const notes = doc.getMap<Y.Map<unknown>>('notes');
	doc.transact(() => {
		for (let i = 0; i < count; i++) {
			const words = Array.from({ length: 8 + (i % 9) }, (_, w) => WORDS[(i * 7 + w * 13) % WORDS.length]);
			const note = noteSchema.parse({
				id: `bench-note-${String(i).padStart(6, '0')}`,
				text: `${words.join(' ')} (${i + 1})`,
				authorId: `00000000-0000-4000-8000-${String(i % 300).padStart(12, '0')}`,
				createdAt: 1_760_000_000_000 + i * 1000,
				clusterId: i % 10 === 0 ? null : clusterIds[i % clusterIds.length],
				order: Math.floor(i / clusterIds.length) + 1,
				colour: NOTE_COLOURS[i % NOTE_COLOURS.length]
			});
			const entry = new Y.Map<unknown>();
			for (const [key, value] of Object.entries(note)) entry.set(key, value);
			notes.set(note.id, entry);
		}
	});
	return Y.encodeStateAsUpdate(doc);
}

/**
 * Connect-to-synced for big boards: the board's encoded state is stored as the meeting's snapshot
 * before the server loads it, then a fresh stock y-websocket client is timed from construction to
 * its `sync` event (and checked to hold every note).
 */
export async function runBigBoards(databaseUrl: string, sql: Sql, cleanup: Cleanup, options: BigBoardOptions): Promise<BigBoardResult[]> {
	const server = await startServer(databaseUrl, cleanup);
	const results: BigBoardResult[] = [];
	const noSink: ArrivalSink = { update() {}, notesAdded() {}, awareness() {} };
	try {
		for (const count of options.notes) {
			const state = buildBoard(count);
			const cold: number[] = [];
			const warm: number[] = [];
			for (let run = 0; run < options.coldRuns; run++) {
				const meeting = await arrangeMeeting(sql, { moderators: 1, title: `Stor tavla ${count}` });
				await sql`insert into board_snapshots (meeting_id, state, through_id) values (${meeting.meetingId}, ${Buffer.from(state)}, 0)`;
				const [participant] = await arrangeParticipants(sql, meeting.meetingId, 1);
				const time = async () => {
					const start = performance.now();
					const client = stockClient(server.url, meeting.meetingId, participant.token, 0, noSink);
					try {
						const doc = await client.synced.then(() => client.doc);
						const elapsed = performance.now() - start;
						const received = listNotes(doc).length;
						if (received !== count) throw new Error(`synced ${received} notes instead of ${count}`);
						return elapsed;
					} finally {
						client.close();
					}
				};
				cold.push(await time());
				if (run === 0) for (let i = 0; i < options.warmRuns; i++) warm.push(await time());
			}
			results.push({ notes: count, stateBytes: state.byteLength, cold, warm });
		}
	} finally {
		await server.stop();
	}
	return results;
}

export function describeBigBoard(r: BigBoardResult) {
	return { coldMedian: median(r.cold), coldMax: Math.max(...r.cold), warmMedian: median(r.warm), warmMax: Math.max(...r.warm) };
}

export const BOARD_NOTE_LIMIT = LIMITS.notesPerBoard;
