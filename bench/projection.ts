import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import * as Y from 'yjs';
import { moveNote, snapshot } from '../src/lib/board/board';
import { migrate } from '../src/lib/server/db/migrate';
import type { Sql } from '../src/lib/server/db/sql';
import { projectMeeting } from '../src/lib/server/theme-input/project';
import { createProjectionCache } from '../src/lib/server/theme-input/projection-cache';
import { arrangeMeeting, arrangeParticipants } from './arrange';
import { benchClusterId, benchNoteId, buildBoard } from './big-board';
import { count, heading, ms, percentileOfSorted, summarise, table, type Summary } from './stats';

// Issue 15: what one run of the theme-input projection costs the server's thread, as the scheduler
// runs it while a board keeps changing: with the rows of its previous run cached and the live
// room's committed board, after a burst of moves. Run here, in the bench's own process (the same
// code the server runs), so that its CPU is the run's alone.

export interface ProjectionCost {
	notes: number;
	participants: number;
	movesPerRun: number;
	runs: number;
	cpu: Summary & { p25: number; p75: number };
	wall: Summary;
	loadAverage: number[];
}

/** Runs not counted first: V8 optimises the projection's code after a few runs. */
const WARM_RUNS = 10;

export async function runProjectionCost(sql: Sql, options: { notes: number; participants: number; movesPerRun: number; runs: number }): Promise<ProjectionCost> {
	await migrate(sql);
	const meeting = await arrangeMeeting(sql, { moderators: 20, phase: 'group', title: 'Bench: projektionen' });
	await arrangeParticipants(sql, meeting.meetingId, options.participants);
	// The board as the live room holds it: moves change it between runs, never stored.
	const doc = new Y.Doc();
	Y.applyUpdate(doc, buildBoard(options.notes));
	const cache = createProjectionCache();
	const live = async () => ({ board: snapshot(doc), throughId: Number.MAX_SAFE_INTEGER });
	const cpu: number[] = [];
	const wall: number[] = [];
	const loadAverage = loadavg();
	for (let run = 0; run < WARM_RUNS + options.runs; run++) {
		for (let k = 0; k < options.movesPerRun; k++) moveNote(doc, benchNoteId(Math.floor(Math.random() * options.notes)), benchClusterId(run + k), null);
		const cpuBefore = process.cpuUsage();
		const started = performance.now();
		await projectMeeting(sql, meeting.meetingId, { cache, boardOf: live });
		const used = process.cpuUsage(cpuBefore);
		if (run < WARM_RUNS) continue;
		cpu.push((used.user + used.system) / 1000);
		wall.push(performance.now() - started);
	}
	doc.destroy();
	const sorted = Float64Array.from(cpu).sort();
	return { ...options, cpu: { ...summarise(cpu), p25: percentileOfSorted(sorted, 25), p75: percentileOfSorted(sorted, 75) }, wall: summarise(wall), loadAverage };
}

export function printProjectionCosts(results: ProjectionCost[]): void {
	console.log(heading('Theme-input projection · one scheduled run after a burst of moves (issue 15)'));
	console.log('Each run as the scheduler makes it (rows of the previous run cached, the live board) in the bench process; CPU = its user + system time.');
	console.log(`${WARM_RUNS} runs first, not counted. Machine load average before: ${results.map((r) => r.loadAverage.map((l) => l.toFixed(1)).join(' ')).join('; ')}\n`);
	console.log(
		table([
			['board', 'moves between runs', 'runs', 'CPU p25', 'CPU p50', 'CPU p75', 'wall p50', 'wall p99'],
			...results.map((r) => [
				`${count(r.notes)} notes, ${count(r.participants)} participants`,
				count(r.movesPerRun),
				count(r.runs),
				ms(r.cpu.p25),
				ms(r.cpu.p50),
				ms(r.cpu.p75),
				ms(r.wall.p50),
				ms(r.wall.p99)
			])
		])
	);
}
