// The results and the priority list, in a chunk of their own: the page imports this module when
// the meeting reaches revealed votes or ranking, not when a participant joins to write ideas.

export { default as RankingList } from './RankingList.svelte';
export { default as ResultsList } from './ResultsList.svelte';
