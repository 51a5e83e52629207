import type { Command } from './command';
import { loadReferenceCommand } from './load-reference';
import { migrateCommand } from './migrate';

/** Every operator command, in the order `--help` lists them. */
export const commands: Command[] = [migrateCommand, loadReferenceCommand];
