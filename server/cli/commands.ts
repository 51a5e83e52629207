import { accessibilityReportsCommand } from './accessibility-reports';
import type { Command } from './command';
import { createModeratorCommand } from './create-moderator';
import { databaseUrlCommand } from './database-url';
import { exportCommand } from './export';
import { loadReferenceCommand } from './load-reference';
import { migrateCommand } from './migrate';
import { outboxCommand } from './outbox';
import { purgeCommand } from './purge';
import { seedDemoCommand } from './seed-demo';
import { setupLinkCommand } from './setup-link';
import { unlockCommand } from './unlock';

/** Every operator command, in the order `--help` lists them. */
export const commands: Command[] = [migrateCommand, createModeratorCommand, setupLinkCommand, unlockCommand, loadReferenceCommand, seedDemoCommand, exportCommand, purgeCommand, outboxCommand, databaseUrlCommand, accessibilityReportsCommand];
