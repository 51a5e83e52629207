import { readdirSync } from 'node:fs';
import WebSocket from 'ws';
import { pollUntil } from './harness';

/** The environment that makes a test server open Node's inspector on a free port (see serverInspector). */
export const INSPECTED = { NODE_OPTIONS: '--inspect=127.0.0.1:0' };

/**
 * The inspector of a server started with INSPECTED, found by the address Node prints. Through it a
 * test asks the server for a full garbage collection before it reads memory, so that what the
 * collector has not got round to yet is not taken for memory held.
 */
export async function serverInspector(output: () => string) {
	const address = await pollUntil(() => /Debugger listening on (ws:\/\/\S+)/.exec(output())?.[1], Boolean, 'the inspector address');
	const ws = new WebSocket(address!);
	await new Promise((resolve, reject) => (ws.once('open', resolve), ws.once('error', reject)));
	let nextId = 1;
	const call = <T>(method: string, params: object = {}): Promise<T> =>
		new Promise((resolve, reject) => {
			const id = nextId++;
			const onMessage = (data: Buffer) => {
				const message = JSON.parse(data.toString()) as { id?: number; result?: T; error?: { message: string } };
				if (message.id !== id) return;
				ws.off('message', onMessage);
				if (message.error) reject(new Error(`${method}: ${message.error.message}`));
				else resolve(message.result as T);
			};
			ws.on('message', onMessage);
			ws.send(JSON.stringify({ id, method, params }));
		});
	return {
		/**
		 * The bytes the server's JavaScript holds after a full garbage collection: its heap, and the
		 * memory of its buffers outside the heap (what a connection has not sent yet, among others).
		 */
		async heldAfterCollection(): Promise<number> {
			await call('HeapProfiler.collectGarbage');
			const { result } = await call<{ result: { value: string } }>('Runtime.evaluate', {
				expression: 'JSON.stringify(process.memoryUsage())',
				returnByValue: true
			});
			const usage = JSON.parse(result.value) as NodeJS.MemoryUsage;
			return usage.heapUsed + usage.external;
		},
		close: () => ws.close()
	};
}

/** How many files (sockets included) a process has open (Linux). */
export function openFiles(pid: number): number {
	return readdirSync(`/proc/${pid}/fd`).length;
}
