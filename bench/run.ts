import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { connect } from '../src/lib/server/db/sql';
import { describeBigBoard, runBigBoards, type BigBoardResult } from './big-board';
import type { ClientKind } from './board-client';
import { buildOutputExists, measureBundle, type BundleSize } from './bundle-size';
import { Cleanup } from './cleanup';
import { benchDatabase } from './database';
import { runLiveLoad, type LiveLoadResult, type MemoryReading } from './live-load';
import { describeMachine, formatMachine } from './machine';
import { printFleetBench, runFleetBench } from './fleet';
import { printProjectionCosts, runProjectionCost } from './projection';
import { printGroupingStorm, printIdle, printRelayComparison, printVoteStorm, runGroupingStorm, runIdle, runRelayComparison, runVoteStorm } from './floor';
import { count, heading, kb, median, ms, table } from './stats';
import { runStartBench, type StartResult } from './start';
import { printSuggestBench, runSuggestBench, type SuggestBenchResult } from './suggest';

// `npm run bench` (full, about 4 minutes) or `npm run bench -- --quick` (about 1½ minutes).
// Prints figures; never fails on slow numbers. Options:
//   --quick               short load phases and fewer sync runs
//   --client lean|stock   the participants' y-websocket client (default lean; see board-client.ts)
//   --participants 50,200 the N of the live-load scenarios
//   --only start,live,sync,bundle,suggest,floor,fleet   (fleet: needs Redis and HAProxy, else skipped;
//                         its ports: SAMLA_BENCH_FLEET_PORT, default 4450–4453)
//   --floor relay,storm,votes,idle,projection   the scenarios of issue 15 (with --only floor)
//   --no-presence         idle: board clients without presence (the figure before issue 15's presence rules)

const TARGETS = { p99Ms: 50, bytesPerParticipant: 15 * 1024, syncMs: 400, gzipBytes: 100 * 1024, suggestMs: 2000 };

const { values: args } = parseArgs({
	options: {
		quick: { type: 'boolean', default: false },
		client: { type: 'string', default: 'lean' },
		participants: { type: 'string', default: '50,200,500' },
		only: { type: 'string', default: 'start,live,sync,bundle,suggest,floor,fleet' },
		floor: { type: 'string', default: 'relay,storm,votes,idle,projection' },
		'no-presence': { type: 'boolean', default: false }
	}
});
const quick = args.quick!;
const client = args.client as ClientKind;
if (client !== 'lean' && client !== 'stock') throw new Error('--client must be lean or stock');
const sizes = args.participants!.split(',').map(Number);
const only = new Set(args.only!.split(','));
const floor = new Set(args.floor!.split(','));
const noPresence = args['no-presence']!;
const durationMs = quick ? 8_000 : 25_000;

const cleanup = new Cleanup();
let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
	process.on(signal, () => {
		if (interrupted) return;
		interrupted = true;
		console.error(`\n${signal}: stopping the server and PostgreSQL …`);
		void cleanup.runAll().then(() => process.exit(130));
	});
}
// While stopping, work still in flight fails against the closed pool and server: expected.
process.on('unhandledRejection', (error) => {
	if (interrupted) return;
	console.error('The bench failed:', error);
	interrupted = true;
	void cleanup.runAll().then(() => process.exit(1));
});
// Each stock provider registers a process 'exit' listener; hundreds of them are expected here.
process.setMaxListeners(0);

try {
	await main();
} catch (error) {
	if (!interrupted) console.error('The bench failed:', error);
	process.exitCode = 1;
} finally {
	await cleanup.runAll();
}

async function main() {
	const machine = describeMachine();
	console.log(heading(`Samla bench · ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC${quick ? ' · quick run' : ''}`));
	console.log(`Machine   ${formatMachine(machine)}`);

	await ensureBuilt();
	// First, while the build output is certainly complete.
	const bundle = only.has('bundle') ? await measureBundle() : null;

	const start = only.has('start') ? await runStart() : null;
	const { live, boards, floorRows } = only.has('live') || only.has('sync') || only.has('floor') || only.has('fleet') ? await runServerScenarios() : { live: [], boards: [], floorRows: [] };
	if (bundle) printBundle(bundle);
	const suggest = only.has('suggest') ? await runSuggestBench(quick ? 3 : 7) : null;
	if (suggest) printSuggestBench(suggest, TARGETS.suggestMs);

	printSummary(live, boards, bundle, suggest, start, floorRows);
}

/** Server start (issue 11): spawn → /healthz 200 and RSS then, as `npm start` runs it, on a migrated database. */
async function runStart(): Promise<StartResult> {
	const database = await benchDatabase(cleanup);
	// The first start applies the migrations; the runs measured start on a migrated database.
	await runStartBench(database.url, cleanup, 1);
	const result = await runStartBench(database.url, cleanup, quick ? 3 : 5);
	console.log(heading('Server start · node build/app/main.js, a migrated database'));
	console.log(
		table([
			['run', 'spawn → /healthz 200', 'RSS then'],
			...result.runs.map((r, i) => [String(i + 1), ms(r.toHealthyMs), kb(r.rssBytes, 0)])
		])
	);
	return result;
}

/** The scenarios that need the server: a fresh database, then live load and big boards. */
async function runServerScenarios(): Promise<{ live: LiveLoadResult[]; boards: BigBoardResult[]; floorRows: string[][] }> {
	const live: LiveLoadResult[] = [];
	const boards: BigBoardResult[] = [];
	const floorRows: string[][] = [];
	const database = await benchDatabase(cleanup);
	const sql = connect(database.url, { max: 4 });
	cleanup.add('close the bench database pool', () => sql.end({ timeout: 1 }));
	console.log(`Database  ${database.description}`);
	console.log('Server    the built app as `npm start` runs it: node build/app/main.js, a fresh process per scenario');
	console.log('          (started with --inspect on a loopback port, used only to force a GC before reading memory)');
	console.log(
		`Clients   every participant: one socket.io-client /meeting socket (commands) + one y-websocket client: ${
			client === 'lean'
				? 'lean raw client (same protocol and awareness traffic as the stock provider, no Y.Doc; a note\'s arrival = its id in an update)'
				: 'stock y-websocket WebsocketProvider (ws, disableBc) with its own Y.Doc; a note\'s arrival = the note appearing in the doc'
		}`
	);

	if (only.has('live')) {
		for (const n of sizes) {
			const result = await runLiveLoad(database.url, sql, cleanup, {
				participants: n,
				durationMs,
				client,
				notesPerParticipantPerMinute: 1,
				movesPerSecond: 20,
				moderatorSockets: 4,
				movableNotes: 20,
				connectConcurrency: 25
			});
			live.push(result);
			printLiveLoad(result);
		}
	}

	if (only.has('sync')) {
		boards.push(...(await runBigBoards(database.url, sql, cleanup, { notes: [1_000, 10_000], coldRuns: quick ? 2 : 3, warmRuns: quick ? 3 : 7 })));
		printBigBoards(boards);
	}

	if (only.has('floor')) {
		const seconds = quick ? 8_000 : 20_000;
		// The relay comparison: RELAY_ROUNDS (floor.ts) windows per side, 5 s each in a full run, 2 s with --quick.
		if (floor.has('relay')) floorRows.push(...printRelayComparison(await runRelayComparison(database.url, sql, cleanup, { participants: 500, changesPerSecond: 20, durationMs: 2 * seconds })));
		if (floor.has('storm')) floorRows.push(...printGroupingStorm(await runGroupingStorm(database.url, sql, cleanup, { participants: 200, movesPerSecond: 300, durationMs: seconds })));
		if (floor.has('votes')) floorRows.push(...printVoteStorm(await runVoteStorm(database.url, sql, cleanup, { participants: 500, votesEach: 5, windowMs: 10_000 })));
		if (floor.has('idle')) {
			const idle = { participants: quick ? 1000 : 5000, presence: !noPresence, idleMs: quick ? 20_000 : 45_000 };
			floorRows.push(...printIdle(await runIdle(database.url, sql, cleanup, idle)));
		}
		if (floor.has('projection')) {
			// The relay's board (200 notes, 500 participants, a run every 10 s at 20 moves/s) and the storm's.
			const runs = quick ? 10 : 30;
			printProjectionCosts([
				await runProjectionCost(sql, { notes: 200, participants: 500, movesPerRun: 200, runs }),
				await runProjectionCost(sql, { notes: 1_500, participants: 200, movesPerRun: 3_000, runs })
			]);
		}
	}
	if (only.has('fleet')) {
		const participants = sizes.includes(500) ? 500 : Math.max(...sizes);
		floorRows.push(...printFleetBench(await runFleetBench(database.url, sql, cleanup, { participants, durationMs: quick ? 8_000 : 20_000, notesPerSecond: 5, connectConcurrency: 25 })));
	}
	return { live, boards, floorRows };
}

function printLiveLoad(r: LiveLoadResult) {
	const o = r.options;
	const notesPerSecond = (o.participants * o.notesPerParticipantPerMinute) / 60;
	console.log(heading(`Live load · N = ${o.participants} participants · ${o.durationMs / 1000} s`));
	console.log(
		`Load: 1 note per participant per minute (${notesPerSecond.toFixed(1)} notes/s) + ${o.movesPerSecond} note:move/s from ${o.moderatorSockets} moderator sockets (${o.movesPerSecond / o.moderatorSockets}/s each)`
	);
	console.log(
		`Connected ${o.participants} boards (to synced) in ${r.connectBoardsSeconds.toFixed(1)} s, then ${o.participants} meeting sockets (to ready) in ${r.connectSocketsSeconds.toFixed(1)} s, ${o.connectConcurrency} at a time`
	);
	console.log(`Machine load average before the scenario: ${r.loadAverage.map((l) => l.toFixed(2)).join(' ')}\n`);
	console.log(
		table([
			['latency', 'p50', 'p99', 'max', 'samples', 'target'],
			['note → each other participant (emit → update arrives)', ms(r.delivery.p50), ms(r.delivery.p99), ms(r.delivery.max), count(r.delivery.count), `p99 < ${TARGETS.p99Ms} ms at N=500`],
			['note → all other participants (per note, last arrival)', ms(r.toEveryone.p50), ms(r.toEveryone.p99), ms(r.toEveryone.max), count(r.toEveryone.count), ''],
			['  of which emit → first arrival (command through the server)', ms(r.toFirst.p50), ms(r.toFirst.p99), ms(r.toFirst.max), count(r.toFirst.count), ''],
			['  of which first → last arrival (fan-out to every client)', ms(r.spread.p50), ms(r.spread.p99), ms(r.spread.max), count(r.spread.count), ''],
			['note:add ack (committed in PostgreSQL)', ms(r.noteAck.p50), ms(r.noteAck.p99), ms(r.noteAck.max), count(r.noteAck.count), ''],
			['note:move ack (moderator)', ms(r.moveAck.p50), ms(r.moveAck.p99), ms(r.moveAck.max), count(r.moveAck.count), ''],
			['PostgreSQL round trip of a rules read (probe every 100 ms)', ms(r.databaseRoundTrip.p50), ms(r.databaseRoundTrip.p99), ms(r.databaseRoundTrip.max), count(r.databaseRoundTrip.count), '']
		])
	);
	if (r.delivery.count === 0) console.log('WARNING: no note reached another participant; the figures below measure nothing useful.');
	const cpuPerUpdateUs = (r.serverCpuSeconds / r.updatesDelivered) * 1e6;
	const { before, withBoards, withBoardsAndSockets: after } = r.memory;
	const per = (from: MemoryReading, to: MemoryReading, key: 'rss' | 'tracked') => kb((to[key] - from[key]) / o.participants);
	console.log('');
	console.log(
		table([
			['server', 'measured', 'target'],
			['CPU per delivered update', r.updatesDelivered ? `${cpuPerUpdateUs.toFixed(1)} µs` : '–', ''],
			[`  (CPU ${r.serverCpuSeconds.toFixed(2)} s over ${r.windowSeconds.toFixed(1)} s = ${((r.serverCpuSeconds / r.windowSeconds) * 100).toFixed(0)} % of a core; updates delivered)`, count(r.updatesDelivered), ''],
			['  awareness messages delivered in the same window', count(r.awarenessDelivered), ''],
			['memory per connected participant (RSS, board + meeting socket)', per(before, after, 'rss'), `≤ ${kb(TARGETS.bytesPerParticipant, 0)}`],
			['  JS heap + external per participant (board + meeting socket)', per(before, after, 'tracked'), ''],
			['    of which the board connection (y-websocket): RSS / heap + external', `${per(before, withBoards, 'rss')} / ${per(before, withBoards, 'tracked')}`, ''],
			['    of which the meeting socket (socket.io): RSS / heap + external', `${per(withBoards, after, 'rss')} / ${per(withBoards, after, 'tracked')}`, ''],
			[`  (RSS ${mb(before.rss)} → ${mb(withBoards.rss)} → ${mb(after.rss)}, heap + external ${mb(before.tracked)} → ${mb(withBoards.tracked)} → ${mb(after.tracked)},`, '', ''],
			[`   V8 committed heap ${mb(before.heapTotal)} → ${mb(withBoards.heapTotal)} → ${mb(after.heapTotal)}; each after a forced GC, baseline after a warm-up wave)`, '', '']
		])
	);
	const failures = Object.entries(r.failures).map(([code, n]) => `${code} × ${n}`);
	console.log(
		`\nSent ${count(r.notesSent)} notes and ${count(r.movesSent)} moves; refused: ${failures.length ? failures.join(', ') : 'none'}; notes not delivered to everyone within 5 s: ${r.notesIncomplete}`
	);
	console.log(
		`Load generator (this process): ${((r.benchCpuSeconds / r.windowSeconds) * 100).toFixed(0)} % of a core; its event-loop delay p50 ${ms(r.benchLoopLag.p50)}, p99 ${ms(r.benchLoopLag.p99)}, max ${ms(r.benchLoopLag.max)} (part of the latencies above)`
	);
}

function printBigBoards(results: BigBoardResult[]) {
	console.log(heading('Connect-to-synced · stock y-websocket client · big boards'));
	console.log(`Board state stored as the meeting's snapshot; timed from new WebsocketProvider(…) to its 'sync' event.`);
	console.log(`Cold: the first client of a meeting (the server loads the board from PostgreSQL). Warm: the board is loaded.`);
	console.log(`(Commands cannot fill a board beyond the server's per-board note limit; these boards are written directly.)\n`);
	console.log(
		table([
			['board', 'synced state', 'cold median', 'cold max', 'warm median', 'warm max', 'runs', 'target'],
			...results.map((r) => {
				const d = describeBigBoard(r);
				return [`${count(r.notes)} notes`, kb(r.syncedBytes, 0), ms(d.coldMedian), ms(d.coldMax), ms(d.warmMedian), ms(d.warmMax), `${r.cold.length} + ${r.warm.length}`, r.notes === 10_000 ? `≤ ${TARGETS.syncMs} ms` : ''];
			})
		])
	);
}

function printBundle(b: BundleSize) {
	console.log(heading(`JavaScript for the participant's board page ${b.boardPageBuilt ? '/m/[meetingId]' : ''}`));
	if (!b.boardPageBuilt) console.log('Board page not built yet (no src/routes/m/[meetingId]/+page.svelte in the build): showing the root layout + start and app entries.');
	console.log(`Build of ${b.builtAt.toISOString().slice(0, 16).replace('T', ' ')} UTC${b.sourcesNewer ? ' — sources changed since; run `npx vite build` for current figures' : ''}.`);
	console.log('Start + app entries, the route\'s layout and page nodes and their static imports (modulepreloaded); gzip -9 and brotli as adapter-node precompresses.\n');
	const total = (key: 'bytes' | 'gzip' | 'brotli') => b.files.reduce((sum, f) => sum + f[key], 0);
	console.log(
		table([
			['file', 'chunk', 'raw', 'gzip', 'brotli'],
			...b.files.map((f) => [f.file, f.name, kb(f.bytes), kb(f.gzip), kb(f.brotli)]),
			[`total (${b.files.length} files)`, '', kb(total('bytes')), kb(total('gzip')), kb(total('brotli'))]
		])
	);
	console.log(`Target: ≤ ${kb(TARGETS.gzipBytes, 0)} gzipped.`);
	if (!b.roles.length) return;
	console.log(heading('Board page JavaScript per role (gzip)'));
	console.log('The page (modulepreloaded, what the target counts) and the chunks the page then fetches for that visitor.\n');
	console.log(
		table([
			['role', 'page', 'then fetched', 'together', 'chunks fetched'],
			...b.roles.map((r) => [r.role, kb(r.page), kb(r.lazy), kb(r.page + r.lazy), r.chunks.join(', ') || '–'])
		])
	);
}

function printSummary(live: LiveLoadResult[], boards: BigBoardResult[], bundle: BundleSize | null, suggest: SuggestBenchResult | null, start: StartResult | null, floorRows: string[][]) {
	console.log(heading('Summary against the targets (issues 3, 10, 11, 14 and 15)'));
	console.log(`Machine load average at the end: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
	const rows: string[][] = [['figure', 'measured', 'target', ''], ...floorRows];
	const verdict = (ok: boolean) => (ok ? 'met' : 'NOT met');
	if (start) {
		rows.push(['server start → /healthz 200 (median, issue 11)', ms(start.toHealthyMs), '', '']);
		rows.push(['server RSS right after start (median, issue 11)', kb(start.rssBytes, 0), '', '']);
	}
	for (const r of live) {
		const n = r.options.participants;
		rows.push([`note → each other participant p50 / p99 / max, N = ${n}`, `${ms(r.delivery.p50)} / ${ms(r.delivery.p99)} / ${ms(r.delivery.max)}`, n === 500 ? `p99 < ${TARGETS.p99Ms} ms` : '', n === 500 ? verdict(r.delivery.p99 < TARGETS.p99Ms) : '']);
	}
	for (const r of live) {
		const perUpdate = r.updatesDelivered ? `${((r.serverCpuSeconds / r.updatesDelivered) * 1e6).toFixed(1)} µs` : '–';
		rows.push([`server CPU per delivered update, N = ${r.options.participants}`, perUpdate, '', '']);
	}
	for (const r of live) {
		const { before, withBoardsAndSockets: after } = r.memory;
		const rss = (after.rss - before.rss) / r.options.participants;
		const tracked = (after.tracked - before.tracked) / r.options.participants;
		// RSS moves in steps of whole pages and arenas; judged by the larger of the two figures.
		const worst = Math.max(rss, tracked);
		rows.push([`server memory per participant, RSS · heap + external, N = ${r.options.participants}`, `${kb(rss)} · ${kb(tracked)}`, `≤ ${kb(TARGETS.bytesPerParticipant, 0)}`, verdict(worst <= TARGETS.bytesPerParticipant)]);
	}
	for (const r of boards) {
		const d = describeBigBoard(r);
		const is10k = r.notes === 10_000;
		rows.push([`connect-to-synced, ${count(r.notes)} notes, board loaded (median / max)`, `${ms(d.warmMedian)} / ${ms(d.warmMax)}`, is10k ? `≤ ${TARGETS.syncMs} ms` : '', is10k ? verdict(d.warmMedian <= TARGETS.syncMs) : '']);
		rows.push([`connect-to-synced, ${count(r.notes)} notes, first client loads the board (median / max)`, `${ms(d.coldMedian)} / ${ms(d.coldMax)}`, is10k ? `≤ ${TARGETS.syncMs} ms` : '', is10k ? verdict(d.coldMedian <= TARGETS.syncMs) : '']);
	}
	if (bundle) {
		const gz = bundle.files.reduce((sum, f) => sum + f.gzip, 0);
		rows.push([`gzipped JS, ${bundle.boardPageBuilt ? 'board page' : 'root layout only (board page not built yet)'}`, kb(gz), `≤ ${kb(TARGETS.gzipBytes, 0)}`, bundle.boardPageBuilt ? verdict(gz <= TARGETS.gzipBytes) : '']);
		for (const r of bundle.roles.filter((r) => !r.role.startsWith('participant'))) rows.push([`gzipped JS, ${r.role} (page + fetched)`, kb(r.page + r.lazy), '', '']);
	}
	if (suggest) {
		for (const method of [suggest.lexical, suggest.semantic]) {
			const time = median(method.runsMs);
			rows.push([`suggested groups + duplicate hints for ${suggest.ideas} ideas, ${method.method} (median, issue 14)`, ms(time), `≤ ${ms(TARGETS.suggestMs)}`, verdict(time <= TARGETS.suggestMs)]);
		}
	}
	console.log(table(rows));
}

/**
 * Builds the app when there is no build. A build directory without its handler is most likely
 * being rewritten by a build running right now (`vite build` empties it first): wait for that.
 */
async function ensureBuilt() {
	const built = () => existsSync('build/handler.js') && buildOutputExists();
	if (built()) return;
	if (existsSync('build')) for (let i = 0; i < 30 && !built(); i++) await new Promise((r) => setTimeout(r, 1000));
	if (built()) return;
	console.log('Building the app (npx vite build) …');
	const child = spawn('npx', ['vite', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
	const stop = cleanup.add('stop the build', () => void child.kill('SIGTERM'));
	const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
	await stop();
	if (code !== 0) throw new Error(`vite build failed with exit code ${code}`);
}

function mb(bytes: number): string {
	return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
