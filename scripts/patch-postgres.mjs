// postinstall (`npm install` / `npm ci`): patches the installed postgres.js for connection loss.
// What and why: scripts/postgres-patch.mjs. Fails the install when it cannot (postgres.js missing,
// another version than the patch was written for, or code it does not recognise).
import { patchPostgres, postgresRoot } from './postgres-patch.mjs';

try {
	const changed = patchPostgres(postgresRoot());
	if (changed.length) console.log(`Patched postgres.js for connection loss (scripts/patch-postgres.mjs): ${changed.length} file(s)`);
} catch (error) {
	console.error(`scripts/patch-postgres.mjs: ${error instanceof Error ? error.message : error}`);
	console.error('Samla needs these fixes of postgres.js (see scripts/postgres-patch.mjs); update the patch for this version.');
	process.exit(1);
}
