/** A small leveled logger; the composition root makes one and passes it down. */
export interface Logger {
	info(message: string): void;
	debug(message: string): void;
	error(message: string, error?: unknown): void;
}

export function createLogger(level: 'silent' | 'info' | 'debug'): Logger {
	const out = (line: string) => process.stdout.write(`${line}\n`);
	return {
		info: (m) => level !== 'silent' && out(m),
		debug: (m) => level === 'debug' && out(m),
		// Errors name what failed; query parameters are never logged (they may hold personal data).
		error: (m, e) => {
			if (level === 'silent') return;
			const reason = e instanceof Error ? `${e.name}: ${e.message}` : e === undefined ? '' : String(e);
			process.stderr.write(`${m}${reason ? ` — ${reason}` : ''}\n`);
		}
	};
}
