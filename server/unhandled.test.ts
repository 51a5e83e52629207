import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

describe('logUnhandledRejections', () => {
	it('an unhandled rejection is logged and the process keeps running (issue 9, defect 1)', () => {
		const script = `
			import { logUnhandledRejections } from './server/unhandled.ts';
			import { createLogger } from './src/lib/server/log.ts';
			logUnhandledRejections(process, createLogger('info'));
			Promise.reject(new URIError('URI malformed'));
			setTimeout(() => console.log('still running'), 50);
		`;
		const result = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8' });
		expect(result.stderr).toContain('A promise rejection was not handled (a bug) — URIError: URI malformed');
		expect(result.stdout).toContain('still running');
		expect(result.status).toBe(0);
	});
});
