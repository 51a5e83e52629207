import { parseConfig } from '../src/lib/server/config';
import { createLogger } from '../src/lib/server/log';
import { startServices } from './bootstrap';
import { commands } from './cli/commands';

// `npm run samla -- <command> [options]`: what an operator scripts. Each command lives in server/cli/.

const [name, ...args] = process.argv.slice(2);

function usage(): string {
	const width = Math.max(...commands.map((c) => c.name.length));
	return [
		'Usage: npm run samla -- <command> [options]',
		'',
		'Commands:',
		...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
		'',
		'Run `npm run samla -- <command> --help` for a command’s options.',
		'The database is DATABASE_URL, or the embedded PostgreSQL under DATA_DIR (default ./data);',
		'a running Samla on the same DATA_DIR is used as it is.'
	].join('\n');
}

if (!name || name === '--help' || name === '-h' || name === 'help') {
	console.log(usage());
	process.exit(name ? 0 : 1);
}
const command = commands.find((c) => c.name === name);
if (!command) {
	console.error(`Unknown command "${name}".\n\n${usage()}`);
	process.exit(1);
}
if (args.includes('--help') || args.includes('-h')) {
	console.log(command.help);
	process.exit(0);
}

const config = parseConfig(process.env);
const log = createLogger(config.log === 'debug' ? 'debug' : 'silent');
let code = 0;
try {
	const running = await startServices(config, log, { role: 'tool' });
	try {
		code = await command.run(args, { services: running.services, out: (line) => console.log(line) });
	} finally {
		await running.close();
	}
} catch (error) {
	console.error(error instanceof Error ? error.message : String(error));
	code = 1;
}
process.exit(code);
