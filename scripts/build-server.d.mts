export const SERVER_ENTRY: string;
export const CLI_ENTRY: string;
export function buildServer(): Promise<void>;
