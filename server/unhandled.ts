import type { Logger } from '../src/lib/server/log';

/**
 * Logs a promise rejection that nothing handled instead of letting Node end the process (its
 * default since Node 15): one forgotten `catch` must not take every meeting down. Every entry
 * point catches its own errors; this is the net below them, and what it logs is a bug.
 */
export function logUnhandledRejections(target: NodeJS.EventEmitter, log: Logger): void {
	target.on('unhandledRejection', (reason: unknown) => log.error('A promise rejection was not handled (a bug)', reason));
}
