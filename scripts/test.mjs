// `npm test`: every layer in order — types, lint, build, unit + integration (vitest), e2e (Playwright) —
// then one closing line that counts every test of every layer.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';

const steps = [
	['type check', 'npx', ['svelte-kit', 'sync']],
	['type check', 'npx', ['svelte-check', '--tsconfig', './tsconfig.json', '--fail-on-warnings', '--output', 'human']],
	['lint', 'npx', ['eslint', '.']],
	['build', 'npx', ['vite', 'build', '--logLevel', 'warn']],
	['build', 'node', ['scripts/build-server.mjs']],
	['unit + integration', 'npx', ['vitest', 'run', '--reporter=default', '--reporter=json', '--outputFile.json=test-reports/vitest.json']],
	['e2e', 'npx', ['playwright', 'test']]
];

// Not under test-results/: Playwright empties that folder when it starts.
rmSync('test-reports', { recursive: true, force: true });
mkdirSync('test-reports', { recursive: true });
const failedSteps = [];
for (const [name, command, args] of steps) {
	console.log(`\n▶ ${name}: ${command} ${args.join(' ')}`);
	const { status } = spawnSync(command, args, { stdio: 'inherit' });
	if (status !== 0) {
		failedSteps.push(name);
		// Without types, lint or a build the later layers would only repeat the failure.
		if (['type check', 'lint', 'build'].includes(name)) break;
	}
}

const counts = { passed: 0, failed: 0, skipped: 0 };
if (existsSync('test-reports/vitest.json')) {
	const report = JSON.parse(readFileSync('test-reports/vitest.json', 'utf8'));
	counts.passed += report.numPassedTests;
	counts.failed += report.numFailedTests;
	counts.skipped += report.numPendingTests + report.numTodoTests;
}
if (existsSync('test-reports/e2e.json')) {
	const { stats } = JSON.parse(readFileSync('test-reports/e2e.json', 'utf8'));
	counts.passed += stats.expected + stats.flaky;
	counts.failed += stats.unexpected;
	counts.skipped += stats.skipped;
}
if (failedSteps.length) console.log(`\nFailed: ${[...new Set(failedSteps)].join(', ')}`);
// A failed step without failed tests (types, lint, build, a crash) still counts as a failure.
const failed = counts.failed + (failedSteps.length && !counts.failed ? 1 : 0);
console.log(`\ntests: ${counts.passed} passed, ${failed} failed, ${counts.skipped} skipped`);
process.exit(failedSteps.length ? 1 : 0);
