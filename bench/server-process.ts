import { execFileSync, spawn } from 'node:child_process';
import { appendFileSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { SERVER_ENTRY, SERVER_NODE_FLAGS } from '../scripts/build-server.mjs';
import type { Cleanup } from './cleanup';
import { inspectorAddress, memoryAfterCollection } from '../tests/integration/inspector';

/** The real Samla server (the compiled one, as `npm start` runs it) in a child process, observed from outside. */
export interface ServerProcess {
	url: string;
	pid: number;
	/** User + system CPU time the process has used so far (seconds), from /proc/<pid>/stat. */
	cpuSeconds(): number;
	/** Resident set size (bytes), from /proc/<pid>/status VmRSS. */
	rssBytes(): number;
	/** Runs a full garbage collection in the server (inspector), then reads its memory. */
	collectGarbage(): Promise<ServerMemory>;
	/** Everything the server printed so far. */
	output(): string;
	stop(): Promise<void>;
}

/** The server's `process.memoryUsage()` after a forced GC (bytes). */
export interface ServerMemory {
	rss: number;
	heapUsed: number;
	heapTotal: number;
	/** Memory of C++ objects bound to JS objects (includes ArrayBuffers, i.e. Buffers). */
	external: number;
}

const TICKS_PER_SECOND = clockTicks();

/**
 * Starts the built server on a free port against `databaseUrl`. The inspector is opened on a
 * loopback port of its own (port 0), only so the bench can force a garbage collection before
 * reading memory; nothing else of the server is changed.
 */
export async function startServer(databaseUrl: string, cleanup: Cleanup): Promise<ServerProcess> {
	// Another build may be rewriting build/ at this moment (the server refuses to start without it).
	for (let i = 0; i < 120 && !existsSync('build/handler.js'); i++) await new Promise((r) => setTimeout(r, 500));
	// The server's own origin is derived from where it listens (no ORIGIN from the caller's shell).
	// And one process alone: no REDIS_URL (fleet mode) from the caller's shell either.
	const { ORIGIN: _origin, REDIS_URL: _redis, ...env } = process.env;
	// SAMLA_BENCH_PROFILE=<dir>: the server writes a V8 CPU profile there when it stops (--cpu-prof),
	// sampled every SAMLA_BENCH_PROFILE_INTERVAL µs (V8's default: 1000).
	const interval = process.env.SAMLA_BENCH_PROFILE_INTERVAL ? [`--cpu-prof-interval=${process.env.SAMLA_BENCH_PROFILE_INTERVAL}`] : [];
	const profile = process.env.SAMLA_BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.SAMLA_BENCH_PROFILE}`, ...interval] : [];
	// SAMLA_BENCH_NODE_FLAGS: more flags for the server's node, after SERVER_NODE_FLAGS (--perf-basic-prof for perf, --trace-deopt …).
	const flags = process.env.SAMLA_BENCH_NODE_FLAGS?.split(/\s+/).filter(Boolean) ?? [];
	const child = spawn(process.execPath, [...SERVER_NODE_FLAGS, ...profile, ...flags, '--inspect=127.0.0.1:0', SERVER_ENTRY], {
		env: { ...env, DATABASE_URL: databaseUrl, PORT: '0', HOST: '127.0.0.1', SAMLA_LOG: 'info' },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	// SAMLA_BENCH_SERVER_LOG=<file>: what the server printed is appended there when it stops.
	const stop = cleanup.add('stop the Samla server', async () => {
		await stopChild(child);
		if (process.env.SAMLA_BENCH_SERVER_LOG) appendFileSync(process.env.SAMLA_BENCH_SERVER_LOG, output);
	});
	let output = '';
	child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
	child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));

	const { url, inspector } = await new Promise<{ url: string; inspector: string }>((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error(`Samla did not start in time:\n${output}`)), 60_000);
		const check = () => {
			const url = /Samla is running at (http:\/\/\S+)/.exec(output)?.[1];
			const inspector = inspectorAddress(output);
			if (url && inspector) {
				clearTimeout(timer);
				child.stdout!.off('data', check);
				child.stderr!.off('data', check);
				child.off('exit', onExit);
				resolve({ url, inspector });
			}
		};
		const onExit = (code: number | null) => {
			clearTimeout(timer);
			reject(new Error(`Samla exited with code ${code} during start:\n${output}`));
		};
		child.stdout!.on('data', check);
		child.stderr!.on('data', check);
		child.once('exit', onExit);
	});
	const pid = child.pid!;

	return {
		url,
		pid,
		cpuSeconds: () => processCpuSeconds(pid),
		rssBytes() {
			const kib = /^VmRSS:\s+(\d+)\s+kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
			return Number(kib) * 1024;
		},
		collectGarbage: () => memoryAfterCollection(inspector),
		output: () => output,
		stop
	};
}

/** User + system CPU time process `pid` has used so far (or only `system`: the kernel's), in seconds, from /proc/<pid>/stat. */
export function processCpuSeconds(pid: number, only?: 'system'): number {
	return statCpuSeconds(readFileSync(`/proc/${pid}/stat`, 'utf8'), only).seconds;
}

/**
 * CPU time (user + system, seconds) of each of process `pid`'s threads so far, summed by thread
 * name (/proc/<pid>/task/<tid>/stat), the main thread as "main thread". Node 20 names the others
 * "node" (V8's helpers: garbage collection, compilation), "libuv-worker" (libuv's pool) and so on.
 */
export function threadCpuSeconds(pid: number): Map<string, number> {
	const byName = new Map<string, number>();
	for (const tid of readdirSync(`/proc/${pid}/task`)) {
		let stat: string;
		try {
			stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
		} catch {
			continue; // the thread ended meanwhile
		}
		const { name, seconds } = statCpuSeconds(stat);
		const label = tid === String(pid) ? 'main thread' : name;
		byName.set(label, (byName.get(label) ?? 0) + seconds);
	}
	return byName;
}

/** The command name and CPU time (user + system, or only `system`) in a /proc stat line. */
function statCpuSeconds(stat: string, only?: 'system'): { name: string; seconds: number } {
	// Fields after the command name (which is in parentheses): utime is the 12th, stime the 13th.
	const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	return { name: stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')), seconds: ((only ? 0 : Number(fields[11])) + Number(fields[12])) / TICKS_PER_SECOND };
}

/** SIGTERM, then SIGKILL after 15 s; resolves once the process has exited. */
export function stopChild(child: import('node:child_process').ChildProcess): Promise<void> {
	return new Promise<void>((resolve) => {
		if (child.exitCode !== null || child.signalCode !== null) return resolve();
		const kill = setTimeout(() => child.kill('SIGKILL'), 15_000);
		child.once('exit', () => {
			clearTimeout(kill);
			resolve();
		});
		child.kill('SIGTERM');
	});
}

function clockTicks(): number {
	try {
		return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
	} catch {
		return 100;
	}
}
