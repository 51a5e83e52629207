import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { meetingMinutesDocx } from '../../src/lib/server/follow-up/minutes-docx';
import { exportOptions } from '../../src/lib/server/theme-input/downloads';
import { loadThemeInput } from '../../src/lib/server/theme-input/export';
import { reportLabels } from '../../src/lib/theme-input/labels';
import type { ThemeInputExport } from '../../src/lib/theme-input/schema';
import { apiRequest, arrangeClosedMeeting, type ClosedMeeting } from './follow-up-fixtures';
import { useTestApp } from './harness';

// Issue 13, point 4: the meeting minutes as DOCX convert to PDF with LibreOffice headless, and
// the PDF's text has every priority and status.

const run = promisify(execFile);

describe('meeting minutes as DOCX', () => {
	const app = useTestApp();
	let closed: ClosedMeeting;
	let data: ThemeInputExport;

	beforeAll(async () => {
		closed = await arrangeClosedMeeting(app);
		const [trains, fibre] = closed.run.clusterIds;
		await apiRequest(app, 'PUT', `/meetings/${closed.meeting.id}/priorities/${trains}/status`, closed.token, { status: 'in_strategy', reason: 'Mål 3' });
		await apiRequest(app, 'PUT', `/meetings/${closed.meeting.id}/priorities/${fibre}/status`, closed.token, { status: 'not_relevant', reason: 'Staten ansvarar' });
		data = (await loadThemeInput(app.sql, closed.meeting.id, exportOptions('sv', true)))!;
	}, 60_000);

	it('converts to PDF with LibreOffice headless, with every priority and status, in Swedish, with small groups suppressed', async () => {
		const dir = await mkdtemp(join(tmpdir(), 'samla-minutes-'));
		try {
			const labels = reportLabels('sv');
			const docx = await meetingMinutesDocx(data, labels);
			await writeFile(join(dir, 'protokoll.docx'), docx);
			// The process's document as its API gives it.
			const synthesisDocx = await fetch(`${app.url}/api/v1/processes/${data.process.id}/synthesis.docx`, { headers: { authorization: `Bearer ${closed.token}` } });
			expect(synthesisDocx.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
			await writeFile(join(dir, 'syntes.docx'), new Uint8Array(await synthesisDocx.arrayBuffer()));
			// The document says it is Swedish, and has real headings and a header row.
			const { stdout: xml } = await run('unzip', ['-p', join(dir, 'protokoll.docx'), 'word/styles.xml', 'word/document.xml'], { maxBuffer: 1 << 24 });
			expect(xml).toContain('w:lang w:val="sv-SE"');
			expect(xml).toContain('w:pStyle w:val="Heading1"');
			expect(xml).toContain('<w:tblHeader/>');

			await run('soffice', ['--headless', `-env:UserInstallation=file://${dir}/profile`, '--convert-to', 'pdf', '--outdir', dir, join(dir, 'protokoll.docx'), join(dir, 'syntes.docx')], {
				timeout: 120_000
			});
			for (const name of ['protokoll', 'syntes']) {
				const { stdout: text } = await run('pdftotext', ['-layout', join(dir, `${name}.pdf`), '-'], { maxBuffer: 1 << 24 });
				for (const cluster of data.clusters.filter((c) => c.rank !== null)) expect(text, name).toContain(cluster.title);
				for (const status of ['Med i strategin', 'Inte aktuellt', 'Staten ansvarar']) expect(text, name).toContain(status);
				expect(text, name).toContain('Mobilitet');
				// Fredrik (civil society, Bjurholm) is a group of one: not counted.
				expect(text.replace(/\s+/g, ' '), name).toMatch(/Civilsamhälle (färre än 5|[^0-9]{0,40}5)/);
				expect(text, name).not.toContain('Fredrik');
			}
			expect((await readFile(join(dir, 'protokoll.pdf'))).subarray(0, 4).toString()).toBe('%PDF');
		} finally {
			await rm(dir, { recursive: true, force: true });
		}
	}, 150_000);
});
