// `npm run fleet [-- N]`: N Samla instances (default 3) and HAProxy with the shipped configuration,
// against DATABASE_URL and REDIS_URL, for trying fleet mode on one machine (docs/FLEET.md).
// The proxy listens on SAMLA_FLEET_PORT (default 3000), the instances on the ports after it.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SERVER_ARGS } from './build-server.mjs';

/**
 * The shipped configuration with one `server` line per instance (it names three).
 * @param {number} count
 */
export function haproxyConfig(count) {
	const shipped = readFileSync(new URL('./fleet/haproxy.cfg', import.meta.url), 'utf8');
	const lines = shipped.split('\n').filter((line) => !/^\tserver samla\d+ /.test(line));
	const servers = Array.from({ length: count }, (_, i) => `\tserver samla${i + 1} "\${SAMLA_INSTANCE_${i + 1}}" check`);
	const last = lines.findLastIndex((line) => line.trim() !== '');
	return [...lines.slice(0, last + 1), ...servers, ''].join('\n');
}

/**
 * Starts the fleet; resolves once every instance and the proxy are up.
 * @param {{ count?: number; proxyPort?: number; databaseUrl: string; redisUrl: string; env?: Record<string, string>; log?: (line: string) => void }} options
 */
export async function startFleet({ count = 3, proxyPort = 3000, databaseUrl, redisUrl, env = {}, log = () => {} }) {
	/** @type {(ReturnType<typeof startInstance> & { port: number; url: string })[]} */
	const instances = [];
	for (let i = 0; i < count; i++) {
		const port = proxyPort + 1 + i;
		const url = `http://127.0.0.1:${port}`;
		// Assigned onto the instance, not spread: spreading would copy `process` once, and after a
		// restart it would still name the first (dead) child.
		instances.push(Object.assign(startInstance({ port, url, proxyPort, databaseUrl, redisUrl, env, log: (line) => log(`[samla${i + 1}] ${line}`) }), { port, url }));
	}
	try {
		await Promise.all(instances.map((instance) => instance.ready));
	} catch (error) {
		await Promise.all(instances.map((instance) => instance.stop()));
		throw error;
	}
	const dir = mkdtempSync(join(tmpdir(), 'samla-fleet-'));
	const cfg = join(dir, 'haproxy.cfg');
	writeFileSync(cfg, haproxyConfig(count));
	/** @type {Record<string, string | undefined>} */
	const proxyEnv = { ...process.env, SAMLA_PROXY_BIND: `127.0.0.1:${proxyPort}` };
	instances.forEach((instance, i) => (proxyEnv[`SAMLA_INSTANCE_${i + 1}`] = `127.0.0.1:${instance.port}`));
	const haproxy = spawn(process.env.HAPROXY ?? 'haproxy', ['-db', '-f', cfg], { env: proxyEnv, stdio: ['ignore', 'pipe', 'pipe'] });
	haproxy.stdout.on('data', (d) => log(`[haproxy] ${d}`.trimEnd()));
	haproxy.stderr.on('data', (d) => log(`[haproxy] ${d}`.trimEnd()));
	const url = `http://127.0.0.1:${proxyPort}`;
	try {
		const exited = new Promise((_, reject) => haproxy.once('exit', (code) => reject(new Error(`HAProxy exited with ${code}`))));
		await Promise.race([exited, waitFor(async () => (await fetch(`${url}/livez`)).ok, 'HAProxy')]);
	} catch (error) {
		haproxy.kill('SIGTERM');
		await Promise.all(instances.map((instance) => instance.stop()));
		rmSync(dir, { recursive: true, force: true });
		throw error;
	}
	return {
		haproxy,
		url,
		instances,
		async stop() {
			await Promise.all(instances.map((instance) => instance.stop()));
			// Waited for: a second fleet on the same ports (the fleet suite's outage tests) binds next.
			if (haproxy.exitCode === null && haproxy.signalCode === null) {
				const exited = new Promise((resolve) => haproxy.once('exit', resolve));
				haproxy.kill('SIGTERM');
				await exited;
			}
			rmSync(dir, { recursive: true, force: true });
		}
	};
}

/**
 * One instance as `npm start` runs it, behind the proxy at proxyPort.
 * @param {{ port: number; url: string; proxyPort: number; databaseUrl: string; redisUrl: string; env?: Record<string, string>; log?: (line: string) => void }} options
 */
export function startInstance({ port, url, proxyPort, databaseUrl, redisUrl, env = {}, log = () => {} }) {
	/** @type {import('node:child_process').ChildProcessByStdio<null, import('node:stream').Readable, import('node:stream').Readable>} */
	let child;
	let output = '';
	/** @returns {Promise<void>} */
	const spawnIt = () => {
		child = spawn(process.execPath, SERVER_ARGS, {
			env: {
				...process.env,
				PORT: String(port),
				HOST: '127.0.0.1',
				ORIGIN: `http://127.0.0.1:${proxyPort}`,
				INSTANCE_URL: url,
				DATABASE_URL: databaseUrl,
				REDIS_URL: redisUrl,
				ADDRESS_HEADER: 'x-forwarded-for',
				XFF_DEPTH: '1',
				...env
			},
			stdio: ['ignore', 'pipe', 'pipe']
		});
		for (const stream of [child.stdout, child.stderr]) {
			stream.on('data', (chunk) => {
				output += chunk;
				for (const line of String(chunk).trimEnd().split('\n')) log(line);
			});
		}
		return new Promise((resolve, reject) => {
			const onData = () => output.includes('Samla is running at') && (child.stdout.off('data', onData), resolve());
			child.stdout.on('data', onData);
			child.once('exit', (code) => reject(new Error(`Samla at ${url} exited with ${code}:\n${output}`)));
		});
	};
	const instance = {
		ready: spawnIt(),
		get process() {
			return child;
		},
		output: () => output,
		/** Starts it again after it stopped (same port). */
		restart() {
			output = '';
			instance.ready = spawnIt();
			return instance.ready;
		},
		/** @param {NodeJS.Signals} [signal] */
		stop(signal = 'SIGTERM') {
			return /** @type {Promise<void>} */ (
				new Promise((resolve) => {
					if (child.exitCode !== null || child.signalCode !== null) return resolve();
					child.once('exit', () => resolve());
					child.kill(signal);
				})
			);
		}
	};
	return instance;
}

/**
 * @param {() => Promise<boolean>} check
 * @param {string} what
 */
async function waitFor(check, what, ms = 15_000) {
	const deadline = Date.now() + ms;
	for (;;) {
		try {
			if (await check()) return;
		} catch {
			// not up yet
		}
		if (Date.now() > deadline) throw new Error(`${what} did not come up in time`);
		await new Promise((r) => setTimeout(r, 100));
	}
}

if (import.meta.url === `file://${process.argv[1]}`) {
	const count = Number(process.argv[2] ?? 3);
	const { DATABASE_URL, REDIS_URL } = process.env;
	if (!DATABASE_URL || !REDIS_URL) {
		console.error('npm run fleet needs DATABASE_URL and REDIS_URL, e.g.\n  DATABASE_URL=postgres://localhost/samla REDIS_URL=redis://127.0.0.1:6379 npm run fleet -- 3');
		process.exit(1);
	}
	const proxyPort = Number(process.env.SAMLA_FLEET_PORT ?? 3000);
	const fleet = await startFleet({ count, proxyPort, databaseUrl: DATABASE_URL, redisUrl: REDIS_URL, log: (line) => console.log(line) });
	console.log(`Samla fleet of ${count} is running at ${fleet.url} (instances: ${fleet.instances.map((i) => i.url).join(', ')})`);
	const stop = () => fleet.stop().then(() => process.exit(0));
	process.once('SIGINT', stop);
	process.once('SIGTERM', stop);
}
