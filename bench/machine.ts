import { readFileSync } from 'node:fs';
import { cpus, release, totalmem } from 'node:os';

export interface Machine {
	cores: number;
	cpu: string;
	memoryGiB: number;
	node: string;
	kernel: string;
}

/** The machine the figures come from (cores, CPU model from /proc/cpuinfo, memory, Node). */
export function describeMachine(): Machine {
	let cpu = cpus()[0]?.model ?? 'unknown';
	try {
		const model = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'));
		if (model) cpu = model[1].trim();
	} catch {
		// no /proc (macOS): os.cpus() already answered
	}
	return {
		cores: cpus().length,
		cpu,
		memoryGiB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
		node: process.version,
		kernel: `Linux ${release()}`
	};
}

export function formatMachine(m: Machine): string {
	return `${m.cores} cores · ${m.cpu} · ${m.memoryGiB} GiB RAM · Node ${m.node} · ${m.kernel}`;
}
