// The moderator's controls of the board page, in a chunk of their own: only a moderator's page
// imports this module (the board route's load, src/routes/m/[meetingId]/+page.ts), so a
// participant's phone never downloads them.

export { default as AuditLog } from './AuditLog.svelte';
export { default as ModeratedNotes } from './ModeratedNotes.svelte';
export { default as NoteModeration } from './NoteModeration.svelte';
export { default as PhaseControl } from './PhaseControl.svelte';
export { default as PrivateIdeas } from './PrivateIdeas.svelte';
export { default as TimerControls } from './TimerControls.svelte';
export { default as VoteProgress } from './VoteProgress.svelte';
export { moderatorPhaseHelp } from './moderator-labels';
export { default as ProjectorLinkButton } from '$lib/components/projector/ProjectorLinkButton.svelte';
export { default as RepresentationPanel } from '$lib/components/representation/RepresentationPanel.svelte';
/** Suggested groups and duplicate hints; their view is a chunk of its own, fetched in grouping only. */
export { default as SuggestPanel } from './SuggestPanel.svelte';
