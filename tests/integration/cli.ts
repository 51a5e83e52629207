import { spawn } from 'node:child_process';
import { CLI_ENTRY } from '../../scripts/build-server.mjs';

// The operator's command line (`npm run samla -- <args>`) run as a child process, for the
// integration tests and the e2e tests alike.

/** What a CLI run printed: each stream, and both as they came (`output`). */
export interface CliRun {
	code: number | null;
	stdout: string;
	stderr: string;
	output: string;
}

/** Runs the compiled CLI (`npm run samla -- <args>`) with `env` added to this process's, and `input` on stdin (none when left out). */
export function runCli(args: string[], { env = {}, input }: { env?: Record<string, string>; input?: string } = {}): Promise<CliRun> {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, [CLI_ENTRY, ...args], {
			env: { ...process.env, ...env },
			stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe']
		});
		const run: CliRun = { code: null, stdout: '', stderr: '', output: '' };
		child.stdout!.on('data', (chunk: Buffer) => {
			run.stdout += chunk.toString('utf8');
			run.output += chunk.toString('utf8');
		});
		child.stderr!.on('data', (chunk: Buffer) => {
			run.stderr += chunk.toString('utf8');
			run.output += chunk.toString('utf8');
		});
		child.once('error', reject);
		child.once('close', (code) => resolve({ ...run, code }));
		if (input !== undefined) {
			child.stdin!.on('error', () => {}); // the CLI may exit before reading
			child.stdin!.end(input);
		}
	});
}

/** Runs the CLI quietly against a test app's database; resolves with its exit code and all it printed. */
export async function cliOnApp(app: { databaseUrl: string }, args: string[]): Promise<{ code: number | null; output: string }> {
	const { code, output } = await runCli(args, { env: { DATABASE_URL: app.databaseUrl, SAMLA_LOG: 'silent' } });
	return { code, output };
}
