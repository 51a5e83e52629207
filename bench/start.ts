import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { SERVER_ARGS } from '../scripts/build-server.mjs';
import type { Cleanup } from './cleanup';
import { stopChild } from './server-process';
import { median } from './stats';

/** One start of the compiled server, as `npm start` runs it (plain node, no inspector). */
export interface StartRun {
	/** From spawning the process to the first `/healthz` answered 200 (ms). */
	toHealthyMs: number;
	/** Resident set size right after that answer (bytes). */
	rssBytes: number;
}

export interface StartResult {
	runs: StartRun[];
	toHealthyMs: number;
	rssBytes: number;
}

/**
 * Starts the compiled server `runs` times against an existing database (migrations already
 * applied after the first), each time timing spawn → `/healthz` 200 and reading its RSS then.
 */
export async function runStartBench(databaseUrl: string, cleanup: Cleanup, runs: number): Promise<StartResult> {
	const results: StartRun[] = [];
	for (let i = 0; i < runs; i++) results.push(await startOnce(databaseUrl, cleanup));
	return { runs: results, toHealthyMs: median(results.map((r) => r.toHealthyMs)), rssBytes: median(results.map((r) => r.rssBytes)) };
}

async function startOnce(databaseUrl: string, cleanup: Cleanup): Promise<StartRun> {
	const { ORIGIN: _origin, ...env } = process.env;
	const started = performance.now();
	const child = spawn(process.execPath, SERVER_ARGS, {
		env: { ...env, DATABASE_URL: databaseUrl, PORT: '0', HOST: '127.0.0.1', SAMLA_LOG: 'info' },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	const stop = cleanup.add('stop the started server', () => stopChild(child));
	let output = '';
	child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
	child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
	try {
		const url = await new Promise<string>((resolve, reject) => {
			const timer = setTimeout(() => reject(new Error(`Samla did not start in time:\n${output}`)), 60_000);
			const check = () => {
				const found = /Samla is running at (http:\/\/\S+)/.exec(output)?.[1];
				if (!found) return;
				clearTimeout(timer);
				child.stdout!.off('data', check);
				resolve(found);
			};
			child.stdout!.on('data', check);
			child.once('exit', (code) => reject(new Error(`Samla exited with code ${code} during start:\n${output}`)));
		});
		for (;;) {
			const response = await fetch(`${url}/healthz`).catch(() => null);
			if (response?.status === 200) break;
			await new Promise((r) => setTimeout(r, 5));
		}
		const toHealthyMs = performance.now() - started;
		const kib = /^VmRSS:\s+(\d+)\s+kB$/m.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1];
		return { toHealthyMs, rssBytes: Number(kib) * 1024 };
	} finally {
		await stop();
	}
}
