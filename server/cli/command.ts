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
