import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { strFromU8, unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './cli';
import { apiRequest, arrangeClosedMeeting, type ClosedMeeting } from './follow-up-fixtures';
import { useTestApp } from './harness';

// Issue 13, point 5: the archive package of a closed meeting and of a process. Its checksums
// verify (by us and by `sha256sum -c`), its JSON validates against the published schema, and its
// metadata names the process, the meeting, its dates, the schema versions, who closed it and the
// retention decision; a purge records the decision it followed, and the package says so.

const run = promisify(execFile);
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('the archive package (issue 13)', () => {
	const app = useTestApp();
	let closed: ClosedMeeting;

	beforeAll(async () => {
		closed = await arrangeClosedMeeting(app);
	}, 60_000);

	const download = async (path: string) => {
		const response = await apiRequest(app, 'GET', path, closed.token);
		expect(response.status, path).toBe(200);
		expect(response.headers.get('content-type')).toBe('application/zip');
		return unzipSync(new Uint8Array(await response.arrayBuffer()));
	};

	/** Every file listed in SHA256SUMS has that checksum, and every other file is listed. */
	function verifyChecksums(files: Record<string, Uint8Array>) {
		const lines = strFromU8(files.SHA256SUMS).trim().split('\n');
		const listed = new Map(lines.map((line) => [line.slice(66), line.slice(0, 64)]));
		expect([...listed.keys()].sort()).toEqual(Object.keys(files).filter((f) => f !== 'SHA256SUMS').sort());
		for (const [path, sum] of listed) expect(sha256(files[path]), path).toBe(sum);
	}

	it('a closed meeting’s package has every format, checksums that verify, JSON valid against the published schema, and its metadata', async () => {
		const decision = 'RS 2026/123 § 4';
		expect((await apiRequest(app, 'PATCH', `/processes/${closed.processId}`, closed.token, { retentionDecision: decision })).status).toBe(200);
		const files = await download(`/meetings/${closed.meeting.id}/archive.zip`);
		expect(Object.keys(files).sort()).toEqual(
			['SHA256SUMS', 'metadata.json', 'protokoll.docx', 'schema/theme-input.schema.json', 'theme-input.csv', 'theme-input.json', 'theme-input.xlsx'].sort()
		);
		verifyChecksums(files);

		// sha256sum agrees, on the files as they are unpacked.
		const dir = await mkdtemp(join(tmpdir(), 'samla-archive-'));
		try {
			const zip = new Uint8Array(await (await apiRequest(app, 'GET', `/meetings/${closed.meeting.id}/archive.zip`, closed.token)).arrayBuffer());
			await writeFile(join(dir, 'arkiv.zip'), zip);
			await run('unzip', ['-q', join(dir, 'arkiv.zip'), '-d', join(dir, 'out')]);
			const { stdout } = await run('sha256sum', ['-c', 'SHA256SUMS'], { cwd: join(dir, 'out') });
			expect(stdout.trim().split('\n')).toHaveLength(6);
			expect(stdout).not.toMatch(/FAILED/);
		} finally {
			await rm(dir, { recursive: true, force: true });
		}

		const published = await (await fetch(`${app.url}/api/v1/schemas/theme-input.json`)).json();
		const packaged = JSON.parse(strFromU8(files['schema/theme-input.schema.json']));
		expect(packaged).toEqual(published);
		const ajv = new Ajv2020({ strict: false, allErrors: true });
		addFormats(ajv);
		const validate = ajv.compile(published);
		const data = JSON.parse(strFromU8(files['theme-input.json']));
		expect(validate(data), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
		expect(data.publication).toBe(true);

		const metadata = JSON.parse(strFromU8(files['metadata.json']));
		expect(metadata).toMatchObject({
			package: 'samla-archive',
			publication: true,
			schemaVersions: { themeInput: data.schemaVersion },
			process: { id: closed.processId, title: 'RUS-dialogen', ownerOrganisation: 'Region Västerbotten' },
			retentionDecision: decision,
			meeting: { id: closed.meeting.id, themeTitle: data.meeting.themeTitle, closedAt: data.meeting.closedAt, closedBy: { id: closed.moderatorId, name: 'Ägare Ägarsson' }, purgedAt: null }
		});
		expect(metadata.meeting.closedAt).not.toBeNull();
		expect(metadata.files.map((f: { path: string }) => f.path).sort()).toEqual(Object.keys(files).filter((f) => !['SHA256SUMS', 'metadata.json'].includes(f)).sort());
		for (const f of metadata.files) expect(f.sha256).toBe(sha256(files[f.path]));
		// The documents are what they say they are.
		expect(strFromU8(files['protokoll.docx'].subarray(0, 2))).toBe('PK');
		expect(strFromU8(files['theme-input.xlsx'].subarray(0, 2))).toBe('PK');
		expect([...files['theme-input.csv'].subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
		// No names in a package that leaves the moderators' circle.
		for (const name of ['Fredrik', 'Anna']) expect(strFromU8(files['theme-input.json'])).not.toContain(name);
	});

	it('purge records the retention decision it followed; the process package holds the meeting, the synthesis and that decision', async () => {
		// The operator's purge, without a decision of its own: it follows the process's.
		const purge = await runCli(['purge', '--meeting', closed.meeting.id], { env: { DATABASE_URL: app.databaseUrl } });
		expect(purge.code, purge.output).toBe(0);
		const [meeting] = await app.sql<{ purgedUnder: string | null }[]>`select purged_under from meetings where id = ${closed.meeting.id}`;
		expect(meeting.purgedUnder).toBe('RS 2026/123 § 4');

		const files = await download(`/processes/${closed.processId}/archive.zip`);
		verifyChecksums(files);
		const folder = Object.keys(files).find((f) => f.startsWith('meetings/') && f.endsWith('/theme-input.json'))!;
		expect(folder).toMatch(/^meetings\/01-[a-z0-9-]+\/theme-input\.json$/);
		for (const f of ['synthesis.json', 'synthesis.xlsx', 'synthesis.docx']) expect(files[f], f).toBeDefined();
		const metadata = JSON.parse(strFromU8(files['metadata.json']));
		expect(metadata.retentionDecision).toBe('RS 2026/123 § 4');
		expect(metadata.meetings).toHaveLength(1);
		expect(metadata.meetings[0]).toMatchObject({ id: closed.meeting.id, purgedUnder: 'RS 2026/123 § 4', closedBy: { name: 'Ägare Ägarsson' } });
		expect(metadata.meetings[0].purgedAt).not.toBeNull();
	});

	it('an open meeting has no package yet, and a moderator of another process gets none', async () => {
		const { meeting } = (await (await apiRequest(app, 'POST', `/processes/${closed.processId}/meetings`, closed.token, { themeTitle: 'Öppet' })).json()) as {
			meeting: { id: string };
		};
		const open = await apiRequest(app, 'GET', `/meetings/${meeting.id}/archive.zip`, closed.token);
		expect(open.status).toBe(409);
		expect(await open.json()).toMatchObject({ code: 'NOT_CLOSED' });
		expect((await apiRequest(app, 'GET', `/meetings/${closed.meeting.id}/archive.zip`, null)).status).toBe(401);
	});
});
