import { existsSync } from 'node:fs';
import { defineConfig, devices } from '@playwright/test';
import { E2E_DATA_DIR, E2E_PORT } from './tests/e2e/env';
import { SERVER_ARGS } from './scripts/build-server.mjs';

// Debian's Chromium where the machine has it (CI); Playwright's own browser elsewhere.
const executablePath = existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined;

export default defineConfig({
	testDir: 'tests/e2e',
	fullyParallel: false,
	workers: 1,
	retries: 0,
	// Journeys take 10–40 s on an idle 2-core machine and up to three times that when CI shares the
	// machine with other work: the limit stays well above twice the loaded duration.
	timeout: 120_000,
	expect: { timeout: 15_000 },
	reporter: [['list'], ['json', { outputFile: 'test-reports/e2e.json' }]],
	use: {
		baseURL: `http://localhost:${E2E_PORT}`,
		locale: 'sv-SE',
		trace: 'retain-on-failure',
		launchOptions: {
			executablePath,
			args: [
				'--no-sandbox',
				'--disable-gpu',
				'--disable-background-networking',
				'--disable-component-update',
				'--disable-sync',
				'--no-first-run',
				'--disable-quic'
			]
		}
	},
	projects: [{ name: 'chromium', use: { ...devices['Desktop Chrome'] } }],
	webServer: {
		// The built app with a fresh embedded PostgreSQL, exactly as `npm start` runs it.
		command: `rm -rf ${E2E_DATA_DIR} && node scripts/build-server.mjs && node ${SERVER_ARGS.join(' ')}`,
		url: `http://localhost:${E2E_PORT}/healthz`,
		reuseExistingServer: false,
		timeout: 60_000,
		stdout: 'ignore',
		stderr: 'pipe',
		env: {
			PORT: String(E2E_PORT),
			HOST: '127.0.0.1',
			DATA_DIR: E2E_DATA_DIR,
			DATABASE_URL: '',
			SAMLA_LOG: 'info'
		}
	}
});
