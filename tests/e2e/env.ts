import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fixed port below Linux's ephemeral range (32768–60999); SAMLA_E2E_PORT runs a second suite beside. */
export const E2E_PORT = Number(process.env.SAMLA_E2E_PORT ?? 4173);
/** The e2e server's DATA_DIR: its embedded PostgreSQL, wiped before every run. */
export const E2E_DATA_DIR = join(tmpdir(), `samla-e2e-${E2E_PORT}`);
