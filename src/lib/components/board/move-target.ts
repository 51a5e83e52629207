/** Where the move dialog sends a note: an existing cluster, out of every cluster, or a new cluster. */
export type MoveTarget = { kind: 'cluster'; id: string; title: string } | { kind: 'none' } | { kind: 'new'; title: string };
