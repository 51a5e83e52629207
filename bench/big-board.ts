import { performance } from 'node:perf_hooks';
import * as Y from 'yjs';
import { addNote, createCluster, initBoard, listNotes } from '../src/lib/board/board';
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
	/** The stored board state (as built). */
	stateBytes: number;
	/** The state a client holds after syncing (the server may have upgraded the stored board). */
	syncedBytes: number;
	cold: number[];
	warm: number[];
}

const WORDS = 'fler mötesplatser för unga i hela länet bättre kollektivtrafik mellan kommunerna digital kulturskola lokala företag kompetens vård nära hemmet bredband på landsbygden föreningsliv'.split(' ');

/** The bench boards' clusters: 20 of them, ids by number (other numbers wrap round). */
export const BENCH_CLUSTERS = 20;
export const benchClusterId = (i: number) => `bench-cluster-${String(i % BENCH_CLUSTERS).padStart(2, '0')}`;
/** The id of the bench boards' note number `i` (floor.ts finds moves in frames by its shape). */
export const benchNoteId = (i: number) => `bench-note-${String(i).padStart(6, '0')}`;

/**
 * A board document with `count` notes in 20 clusters, built with the board model. Clusters and the
 * first note go through `createCluster` and `addNote`; the first note shows how this schema version
 * stores a note (a nested Y.Map of fields, or one plain value) and the others are stored the same
 * way, since `addNote` refuses boards above the per-board note limit and re-reads the whole board
 * on every add. The model's own reader must then read back every note.
 */
export function buildBoard(count: number): Uint8Array {
	const doc = new Y.Doc();
	initBoard(doc);
	const clusterIds = Array.from({ length: BENCH_CLUSTERS }, (_, i) => benchClusterId(i));
	for (const [i, clusterId] of clusterIds.entries()) {
		const created = createCluster(doc, { id: clusterId, title: `Tema ${i + 1}` });
		if (!created.ok) throw new Error(`createCluster: ${created.code}`);
	}
	const noteAt = (i: number) => ({
		id: benchNoteId(i),
		text: `${Array.from({ length: 8 + (i % 9) }, (_, w) => WORDS[(i * 7 + w * 13) % WORDS.length]).join(' ')} (${i + 1})`,
		authorId: `00000000-0000-4000-8000-${String(i % 300).padStart(12, '0')}`,
		createdAt: 1_760_000_000_000 + i * 1000,
		clusterId: i % 10 === 0 ? null : clusterIds[i % clusterIds.length]
	});
	const first = addNote(doc, noteAt(0));
	if (!first.ok) throw new Error(`addNote: ${first.code}`);
	const notes = doc.getMap<unknown>('notes');
	const nested = notes.get(first.value.id) instanceof Y.Map;
	doc.transact(() => {
		for (let i = 1; i < count; i++) {
			const note = { ...first.value, ...noteAt(i), order: Math.floor(i / clusterIds.length) + 1 };
			if (!nested) {
				notes.set(note.id, note);
				continue;
			}
			const entry = new Y.Map<unknown>();
			for (const [key, value] of Object.entries(note)) entry.set(key, value);
			notes.set(note.id, entry);
		}
	});
	const read = listNotes(doc).length;
	if (read !== count) throw new Error(`The board model reads ${read} of the ${count} notes written`);
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
			let syncedBytes = 0;
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
						syncedBytes = Y.encodeStateAsUpdate(doc).byteLength;
						return elapsed;
					} finally {
						client.close();
					}
				};
				cold.push(await time());
				if (run === 0) for (let i = 0; i < options.warmRuns; i++) warm.push(await time());
			}
			results.push({ notes: count, stateBytes: state.byteLength, syncedBytes, cold, warm });
		}
	} finally {
		await server.stop();
	}
	return results;
}

export function describeBigBoard(r: BigBoardResult) {
	return { coldMedian: median(r.cold), coldMax: Math.max(...r.cold), warmMedian: median(r.warm), warmMax: Math.max(...r.warm) };
}
