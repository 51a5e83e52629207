export const SERVER_ENTRY: string;
export const CLI_ENTRY: string;
export const SERVER_NODE_FLAGS: string[];
export const SERVER_ARGS: string[];
export function buildServer(): Promise<void>;
