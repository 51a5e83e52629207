import { listAccessibilityReports } from '../../src/lib/server/db/accessibility-reports';
import type { Command } from './command';

export const accessibilityReportsCommand: Command = {
	name: 'accessibility-reports',
	summary: 'List the problems reported through the accessibility statement, newest first',
	help: [
		'Usage: npm run samla -- accessibility-reports [--limit <n>]',
		'',
		'Prints the reports sent with the form on /accessibility: when, who (if they said), and what.',
		'',
		'Options:',
		'  --limit <n>  how many (default 50)'
	].join('\n'),
	async run(args, { services, out }) {
		let limit = 50;
		for (let i = 0; i < args.length; i++) {
			const option = args[i];
			const value = option === '--limit' ? args[++i] : option.startsWith('--limit=') ? option.slice('--limit='.length) : undefined;
			if (value === undefined || !/^[1-9]\d*$/.test(value)) {
				out(`Unknown option or value "${option}". See: npm run samla -- accessibility-reports --help`);
				return 2;
			}
			limit = Number(value);
		}
		const reports = await listAccessibilityReports(services.sql, limit);
		if (!reports.length) out('No accessibility reports.');
		for (const report of reports) {
			const from = [report.name, report.email && `<${report.email}>`].filter(Boolean).join(' ') || 'anonymous';
			out(`${report.createdAt.toISOString()}  ${from}`);
			for (const line of report.description.split('\n')) out(`    ${line}`);
			out('');
		}
		return 0;
	}
};
