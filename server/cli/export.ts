import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { meetingExportResponse, type MeetingExportFormat } from '../../src/lib/server/theme-input/downloads';
import { readOptions, type Command } from './command';

const HELP = `Usage: npm run samla -- export --meeting <id> --format json|csv|md [--publication] [--lang sv|en] [--out <file>]

Exports the theme input of one meeting (projected from its board first, so it is exact):
  json  the versioned JSON document (schema: /api/v1/schemas/theme-input.json, see PROTOCOL.md)
  csv   one row per idea, UTF-8 with a byte order mark for Excel
  md    the Markdown report, ready for the strategy draft (always for publication)

Options:
  --meeting <id>   the meeting's id (see the meeting page's address or GET /api/v1/processes/{id}/meetings)
  --format <f>     json, csv or md
  --publication    suppress groups under 5 people and leave out names (json, csv)
  --lang <l>       language of names and the report: sv (default) or en
  --out <file>     write to this file instead of standard output

Examples:
  npm run samla -- export --meeting 0b6f7c1e-2f7a-4d2b-9d3e-5a1c2b3d4e5f --format csv --out kultur.csv
  npm run samla -- export --meeting 0b6f7c1e-2f7a-4d2b-9d3e-5a1c2b3d4e5f --format md`;

const FORMATS: readonly MeetingExportFormat[] = ['json', 'csv', 'md'];

export const exportCommand: Command = {
	name: 'export',
	summary: "Export a meeting's theme input as JSON, CSV or a Markdown report",
	help: HELP,
	async run(args, { services, out }) {
		const options = { meeting: { type: 'string' }, format: { type: 'string' }, publication: { type: 'boolean' }, lang: { type: 'string' }, out: { type: 'string' } } as const;
		const values = readOptions('export', out, () => parseArgs({ args, options, strict: true, allowPositionals: false }).values);
		if (!values) return 2;
		const format = values.format as MeetingExportFormat;
		const locale = values.lang ?? 'sv';
		if (!values.meeting || !FORMATS.includes(format) || (locale !== 'sv' && locale !== 'en')) {
			out('Give --meeting <id> and --format json|csv|md (and --lang sv|en).\nSee: npm run samla -- export --help');
			return 2;
		}
		const response = await meetingExportResponse(services.sql, values.meeting, format, {
			locale,
			publication: values.publication ?? false,
			attachment: false
		});
		if (!response) {
			out(`There is no meeting with the id ${values.meeting}.`);
			return 1;
		}
		// The bytes as they are: text() would drop the CSV's byte order mark.
		const body = Buffer.from(await response.arrayBuffer());
		if (values.out) {
			await writeFile(values.out, body);
			out(`Wrote ${values.out}.`);
		} else {
			process.stdout.write(body);
			if (body.at(-1) !== 0x0a) process.stdout.write('\n');
		}
		return 0;
	}
};
