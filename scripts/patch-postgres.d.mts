export const MARKER: string;
export function patchPostgres(root: string): string[];
export function postgresPatched(root: string): boolean;
