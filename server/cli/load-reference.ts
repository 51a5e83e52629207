import { loadReferenceData } from '../../src/lib/server/db/reference';
import { readReferenceFile } from '../../src/lib/server/reference-data';
import { referenceFileOf } from '../reference/bundled';
import type { Command } from './command';

export const loadReferenceCommand: Command = {
	name: 'load-reference',
	summary: 'Replace the municipality and sector lists with those of a JSON file',
	help: [
		'Usage: npm run samla -- load-reference [--file <path>]',
		'',
		'Makes the municipality and sector lists equal to the file: entries are added or renamed and',
		're-ordered as in the file; entries missing from it are removed unless something refers to them.',
		'',
		'Options:',
		'  --file <path>  the JSON file (default: SAMLA_REFERENCE_FILE, else the bundled Västerbotten lists)',
		'',
		'The file format is that of server/reference/vasterbotten.json:',
		'  { "region": "…", "municipalities": [{ "code", "name" }], "sectors": [{ "code", "name": { "sv", "en" } }] }',
		'',
		'Example: npm run samla -- load-reference --file ./norrbotten.json'
	].join('\n'),
	async run(args, { services, out }) {
		let file = referenceFileOf(services.config);
		for (let i = 0; i < args.length; i++) {
			const arg = args[i];
			if (arg === '--file' && args[i + 1]) file = args[++i];
			else if (arg.startsWith('--file=')) file = arg.slice('--file='.length);
			else {
				out(`Unknown option "${arg}". See: npm run samla -- load-reference --help`);
				return 2;
			}
		}
		const data = await readReferenceFile(file);
		const result = await loadReferenceData(services.sql, data);
		out(`Loaded ${result.municipalities} municipalities and ${result.sectors} sectors from ${file}${data.region ? ` (${data.region})` : ''}.`);
		const kept = [...result.kept.municipalities.map((c) => `municipality ${c}`), ...result.kept.sectors.map((c) => `sector ${c}`)];
		if (kept.length) out(`Kept because they are in use: ${kept.join(', ')}.`);
		return 0;
	}
};
