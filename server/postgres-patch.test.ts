import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MARKER, PATCHED_VERSION, patchPostgres, postgresPatched, postgresRoot } from '../scripts/postgres-patch.mjs';

const copies: string[] = [];
afterEach(() => {
	for (const dir of copies.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A copy of the installed (patched) postgres.js to damage. */
function copyOfInstalled(): string {
	const dir = mkdtempSync(join(tmpdir(), 'samla-postgres-patch-'));
	copies.push(dir);
	cpSync(postgresRoot(), dir, { recursive: true });
	return dir;
}

describe('the postgres.js patch', () => {
	it('is applied to the installed postgres.js, which is the version it was written for', () => {
		const root = postgresRoot();
		expect(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version).toBe(PATCHED_VERSION);
		expect(postgresPatched(root)).toBe(true);
		expect(readFileSync(join(root, 'src', 'connection.js'), 'utf8')).toContain(MARKER);
		expect(readFileSync(join(root, 'cjs', 'src', 'connection.js'), 'utf8')).toContain(MARKER);
	});

	it('refuses another version of postgres.js instead of passing silently', () => {
		const root = copyOfInstalled();
		const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
		writeFileSync(join(root, 'package.json'), JSON.stringify({ ...manifest, version: '3.4.10' }));
		expect(() => patchPostgres(root)).toThrow(/3\.4\.10.*written for 3\.4\.9/);
		expect(postgresPatched(root)).toBe(false);
	});

	it('refuses a postgres.js whose connection.js or CommonJS build is missing', () => {
		const root = copyOfInstalled();
		rmSync(join(root, 'cjs'), { recursive: true });
		expect(() => patchPostgres(root)).toThrow(/cjs.*missing/);
		const other = copyOfInstalled();
		rmSync(join(other, 'src', 'connection.js'));
		expect(() => patchPostgres(other)).toThrow(/connection\.js is missing/);
		expect(postgresPatched(other)).toBe(false);
	});

	it('refuses a folder where postgres.js is not installed', () => {
		const dir = mkdtempSync(join(tmpdir(), 'samla-postgres-patch-'));
		copies.push(dir);
		expect(() => patchPostgres(dir)).toThrow(/not installed/);
		expect(postgresPatched(dir)).toBe(false);
	});

	it('leaves an already patched postgres.js as it is', () => {
		expect(patchPostgres(copyOfInstalled())).toEqual([]);
	});
});
