export const MARKER: string;
export const PATCHED_VERSION: string;
export function postgresRoot(): string;
export function patchPostgres(root: string): string[];
export function postgresPatched(root: string): boolean;
