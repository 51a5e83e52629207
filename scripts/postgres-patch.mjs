// Fixes (applied by scripts/patch-postgres.mjs, which `npm install` / `npm ci` run as postinstall) in postgres.js 3.4's connection.js for what
// a PostgreSQL restart or a network cut does to its connections. Unfixed upstream as of 3.4.9
// (porsager/postgres#1208, #1186, #1130; proposed fixes #1209, #1215, #1142). Found by the fleet
// suite's PostgreSQL cut (issue 10); tests/integration/postgres-driver.test.ts shows each one.
//
// When a connection's socket is reset, Node emits 'error' and, a moment later, 'close'. Between the
// two the pool still lists the connection as busy, and a query sent to it then (say from the
// previous query's rejection handler) was written to the dead socket and — since postgres.js
// settles pending queries at 'close' only for a close without error — never settled. Worse, it
// stayed in the connection's pipeline: after the reconnect, the next query's answer was given to
// it, and every later query on that connection hung (or got an earlier query's rows). A write
// still buffered for the next tick when the socket closed stayed buffered too, so the reconnected
// connection never sent its startup message and waited for its connect timeout, again and again.
// And a query sent on a reserved connection after its socket closed threw an uncaught TypeError
// (`socket.write` on null) from a setImmediate: the process died. (A connection cut while it
// fetched the array types, as every new connection does, was an unhandled rejection.)
//
// A transaction's wait for a connection (sql.reserve()) got lost both ways. One that a failed
// connect rejected stayed in the pool's queue: the next connection that opened was handed to it —
// to nobody — and was lost to the pool until its lifetime ended (an hour). And one that a closing
// connection took from the queue to reconnect for was dropped when that reconnect succeeded
// (postgres.js expects a reserve() to stay queued): it waited for ever.
//
// The fix, in closed(): drop what was buffered for the dead socket, reject every query still
// pending on it (with or without error), and forget the protocol state that belonged to it. In
// execute(): a query for a connection without a socket (closed, not reconnecting) is rejected, not
// written. In nextWrite(): never write to a socket that is gone. In reserve() and onclose(): a
// waiter stays queued until it is handed a connection or rejected, and leaves the queue then. Idempotent; the marker says it ran.
//
// This module has no side effects (the server imports postgresPatched from it, bundled); the
// postinstall entry is scripts/patch-postgres.mjs.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export const MARKER = 'samla: patched for connection loss';

/** The postgres.js version these patches were written for (package.json pins it exactly). */
export const PATCHED_VERSION = '3.4.9';

/**
 * The folder of the installed postgres.js, as Node resolves it from here (its CommonJS entry,
 * cjs/src/index.js: its package.json is not among its exports). Throws when it is not installed.
 */
export function postgresRoot() {
	return join(dirname(createRequire(import.meta.url).resolve('postgres')), '..', '..');
}

const CONNECTION_PATCHES = [
	{
		what: 'closed(): drop the dead socket’s buffered write',
		from: `    clearImmediate(nextWriteTimer)
    socket.removeListener('data', data)
    socket.removeListener('connect', connected)
    idleTimer.cancel()`,
		to: `    clearImmediate(nextWriteTimer)
    chunk = nextWriteTimer = null // ${MARKER}
    socket.removeListener('data', data)
    socket.removeListener('connect', connected)
    idleTimer.cancel()`
	},
	{
		what: 'closed(): settle every pending query, also after an error, and forget the dead socket’s protocol state',
		from: `    !hadError && (query || sent.length) && error(Errors.connection('CONNECTION_CLOSED', options, socket))`,
		to: `    ;(query || sent.length) && error(Errors.connection('CONNECTION_CLOSED', options, socket)) // ${MARKER}
    query = results = errorResponse = null, result = new Result(), rows = 0`
	},
	{
		what: 'ReadyForQuery(): the array types fetched on connecting fail with the connection, not as an unhandled rejection',
		from: `        return fetchArrayTypes()`,
		to: `        return fetchArrayTypes().catch(noop) // ${MARKER}`
	},
	{
		what: 'execute(): refuse a query for a connection whose socket is gone',
		from: `    if (q.cancelled)
      return

    try {
      q.state = backend`,
		to: `    if (q.cancelled)
      return

    if (!socket && !initial) // ${MARKER}
      return (queryError(q, Errors.connection('CONNECTION_CLOSED', options)), true)

    try {
      q.state = backend`
	},
	{
		what: 'nextWrite(): never write to a socket that is gone',
		from: `  function nextWrite(fn) {
    const x = socket.write(chunk, fn)`,
		to: `  function nextWrite(fn) {
    if (!socket) { // ${MARKER}
      chunk = nextWriteTimer = null
      error(Errors.connection('CONNECTION_CLOSED', options))
      return false
    }
    const x = socket.write(chunk, fn)`
	}
];

const INDEX_PATCHES = [
	{
		what: 'reserve(): a waiter rejected by a failed connect leaves the queue',
		from: `        const query = { reserve: resolve, reject }`,
		to: `        const query = { reserve: resolve, reject: (e) => (queries.remove(query), reject(e)) } // ${MARKER}`
	},
	{
		what: 'onclose(): a waiting reserve() that a reconnect is made for stays queued until a connection is handed to it',
		from: `    queries.length && connect(c, queries.shift())`,
		to: `    if (queries.length) { // ${MARKER}
      const query = queries.shift()
      query.reserve && queries.push(query)
      connect(c, query)
    }`
	}
];

/**
 * The files of the installed postgres.js (ESM, CommonJS, Cloudflare builds) and what each gets.
 * The ESM and CommonJS builds must be there (the server uses the one, tools may use the other).
 * @param {string} root
 */
function targets(root) {
	for (const required of ['src/connection.js', 'src/index.js', 'cjs/src/connection.js', 'cjs/src/index.js']) {
		if (!existsSync(join(root, required))) throw new Error(`${join(root, required)} is missing (not the postgres.js ${PATCHED_VERSION} this patch was written for)`);
	}
	return ['src', 'cjs/src', 'cf/src'].flatMap((dir) =>
		[
			{ file: join(root, dir, 'connection.js'), patches: CONNECTION_PATCHES },
			{ file: join(root, dir, 'index.js'), patches: INDEX_PATCHES }
		].filter(({ file }) => existsSync(file))
	);
}

/**
 * The version of the postgres.js at `root`; throws unless it is the one the patch was written for.
 * @param {string} root
 */
function checkVersion(root) {
	const file = join(root, 'package.json');
	if (!existsSync(file)) throw new Error(`${file} is missing: postgres.js is not installed there`);
	const { version } = JSON.parse(readFileSync(file, 'utf8'));
	if (version !== PATCHED_VERSION) throw new Error(`postgres.js ${version} is installed at ${root}; the patch was written for ${PATCHED_VERSION}`);
}

/**
 * Patches every build of postgres.js under `root` (node_modules/postgres). Returns the files it
 * changed; throws when the installed version is not the one the patch was written for, a build is
 * missing, or a file is neither patched nor the code the patch expects.
 * @param {string} root
 */
export function patchPostgres(root) {
	checkVersion(root);
	const changed = [];
	for (const { file, patches } of targets(root)) {
		let text = readFileSync(file, 'utf8');
		if (text.includes(MARKER)) continue;
		for (const patch of patches) {
			if (!text.includes(patch.from)) throw new Error(`${file}: cannot apply "${patch.what}" (not the postgres.js ${PATCHED_VERSION} this patch was written for)`);
			text = text.replace(patch.from, patch.to);
		}
		writeFileSync(file, text);
		changed.push(file);
	}
	return changed;
}

/**
 * Whether the postgres.js at `root` carries the patch (every build of it). False, not a throw,
 * for a missing or other version.
 * @param {string} root
 */
export function postgresPatched(root) {
	try {
		checkVersion(root);
		return targets(root).every(({ file }) => readFileSync(file, 'utf8').includes(MARKER));
	} catch {
		return false;
	}
}
