import { samlaFile } from '../../src/lib/server/root';
import type { Config } from '../../src/lib/server/config';

/** The reference lists Samla ships with: Västerbotten's 15 municipalities and the sectors. */
export const BUNDLED_REFERENCE_FILE = samlaFile('server/reference/vasterbotten.json');

/** SAMLA_REFERENCE_FILE when set, otherwise the bundled file. */
export function referenceFileOf(config: Config): string {
	return config.referenceFile ?? BUNDLED_REFERENCE_FILE;
}
