import { readdirSync } from 'node:fs';
import WebSocket from 'ws';

/** The environment that makes a test server open Node's inspector on a free loopback port. */
export const INSPECTED = { NODE_OPTIONS: '--inspect=127.0.0.1:0' };

/** The inspector's address in what a server started with --inspect printed, once it did. */
export function inspectorAddress(output: string): string | null {
	return /Debugger listening on (ws:\/\/\S+)/.exec(output)?.[1] ?? null;
}

/**
 * A full garbage collection in the server whose inspector is at `address` (Chrome DevTools
 * Protocol), then its process.memoryUsage(): memory as its JavaScript holds it, without what the
 * collector has not got round to yet (RSS alone follows the collector's schedule).
 */
export async function memoryAfterCollection(address: string): Promise<NodeJS.MemoryUsage> {
	const ws = new WebSocket(address);
	await new Promise<void>((resolve, reject) => {
		ws.once('open', () => resolve());
		ws.once('error', reject);
	});
	let nextId = 1;
	const call = (method: string, params: object = {}) =>
		new Promise<Record<string, unknown>>((resolve, reject) => {
			const id = nextId++;
			const onMessage = (data: Buffer) => {
				const message = JSON.parse(data.toString('utf8')) as { id?: number; result?: Record<string, unknown>; error?: unknown };
				if (message.id !== id) return;
				ws.off('message', onMessage);
				if (message.error) reject(new Error(`${method}: ${JSON.stringify(message.error)}`));
				else resolve(message.result ?? {});
			};
			ws.on('message', onMessage);
			ws.send(JSON.stringify({ id, method, params }));
		});
	try {
		await call('HeapProfiler.collectGarbage');
		await call('HeapProfiler.collectGarbage');
		const evaluated = await call('Runtime.evaluate', { expression: 'JSON.stringify(process.memoryUsage())', returnByValue: true });
		return JSON.parse((evaluated.result as { value: string }).value) as NodeJS.MemoryUsage;
	} finally {
		ws.close();
	}
}

/** How many files (sockets included) a process has open (Linux). */
export function openFiles(pid: number): number {
	return readdirSync(`/proc/${pid}/fd`).length;
}
