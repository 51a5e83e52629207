import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SERVER_ARGS } from '../scripts/build-server.mjs';

describe('how the server is started', () => {
	it('npm start runs the compiled server with the same node flags as the tests and the bench', () => {
		const { scripts } = JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> };
		expect(scripts.start).toBe(`exec node ${SERVER_ARGS.join(' ')}`);
	});
});
