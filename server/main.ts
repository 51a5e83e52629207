import { parseConfig } from '../src/lib/server/config';
import { createLogger } from '../src/lib/server/log';
import { startSamla } from './samla';
import { logUnhandledRejections } from './unhandled';

// `npm start`: the one process that serves Samla. Everything is created here and passed down.
const config = parseConfig(process.env);
const log = createLogger(config.log);
logUnhandledRejections(process, log);

try {
	const samla = await startSamla(config, log);
	log.info(`Samla is running at ${samla.url}`);

	let stopping = false;
	const stop = async (signal: string) => {
		if (stopping) return;
		stopping = true;
		log.info(`${signal}: stopping Samla …`);
		try {
			await samla.close();
			log.info('Samla stopped.');
			process.exit(0);
		} catch (error) {
			log.error('Samla did not stop cleanly', error);
			process.exit(1);
		}
	};
	process.on('SIGINT', () => void stop('SIGINT'));
	process.on('SIGTERM', () => void stop('SIGTERM'));
} catch (error) {
	log.error('Samla could not start', error);
	process.exit(1);
}
