// The voting controls, in a chunk of their own: the page imports this module when voting opens
// (and, for the totals, once the votes are revealed), not when a participant joins to write ideas.

export { default as VoteButtons } from './VoteButtons.svelte';
export { default as VotesLeft } from './VotesLeft.svelte';
export { VoteBook } from './vote-book.svelte';
