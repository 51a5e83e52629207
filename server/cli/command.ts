import type { Services } from '../../src/lib/server/services';

/** One operator command of `npm run samla -- <name>`. */
export interface Command {
	name: string;
	/** One line for the command list. */
	summary: string;
	/** The full `--help` text: usage, options, an example. */
	help: string;
	/** Runs with the database ready; returns the process exit code. */
	run(args: string[], context: { services: Services; out(line: string): void }): Promise<number>;
}

/**
 * The command's options as `read` parses them, or null after telling the operator what is wrong with
 * them and where the help is (the command then exits with 2).
 */
export function readOptions<T>(command: string, out: (line: string) => void, read: () => T): T | null {
	try {
		return read();
	} catch (error) {
		out(`${error instanceof Error ? error.message : String(error)}\nSee: npm run samla -- ${command} --help`);
		return null;
	}
}
