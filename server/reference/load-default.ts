import type { Config } from '../../src/lib/server/config';
import { loadReferenceData, referenceDataMissing } from '../../src/lib/server/db/reference';
import type { Sql } from '../../src/lib/server/db/sql';
import type { Logger } from '../../src/lib/server/log';
import { readReferenceFile } from '../../src/lib/server/reference-data';
import { referenceFileOf } from './bundled';

/**
 * A fresh database gets the reference lists of SAMLA_REFERENCE_FILE (or the bundled ones).
 * Lists already present are left alone: replacing them is `npm run samla -- load-reference`.
 */
export async function loadDefaultReferenceData(sql: Sql, config: Config, log: Logger): Promise<void> {
	if (!(await referenceDataMissing(sql))) return;
	const file = referenceFileOf(config);
	const data = await readReferenceFile(file);
	const result = await loadReferenceData(sql, data);
	log.info(`Loaded reference data from ${file}: ${result.municipalities} municipalities, ${result.sectors} sectors`);
}
