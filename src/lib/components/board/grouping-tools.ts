// Grouping controls (a new cluster, the cluster tools, the move dialog), in a chunk of their own:
// the page imports this module once the visitor may group, so a participant who only writes
// ideas never downloads them.

export { default as ClusterTools } from './ClusterTools.svelte';
export { default as MoveNoteDialog } from './MoveNoteDialog.svelte';
export { default as NewClusterForm } from './NewClusterForm.svelte';
export { default as GroupingBoard } from './GroupingBoard.svelte';
// For the suggestions view (SuggestGroups.svelte), which is loaded with these tools: importing
// new-id.ts itself would split that module out of the board page into a chunk of its own.
export { newId } from './new-id';
