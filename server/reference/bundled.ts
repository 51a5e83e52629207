import { fileURLToPath } from 'node:url';
import type { Config } from '../../src/lib/server/config';

/** The reference lists Samla ships with: Västerbotten's 15 municipalities and the sectors. */
export const BUNDLED_REFERENCE_FILE = fileURLToPath(new URL('./vasterbotten.json', import.meta.url));

/** SAMLA_REFERENCE_FILE when set, otherwise the bundled file. */
export function referenceFileOf(config: Config): string {
	return config.referenceFile ?? BUNDLED_REFERENCE_FILE;
}
