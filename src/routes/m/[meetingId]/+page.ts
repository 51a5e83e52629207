import type { PageLoad } from './$types';

/**
 * The moderator's controls are a chunk of their own, so a participant's phone never downloads
 * them (issue 3: the board page's JavaScript). Only a moderator's page imports it, here in the
 * load rather than in the component, so that the server renders the controls and the page hydrates
 * with them instead of showing them a moment later.
 */
export const load: PageLoad = async ({ data }) => ({
	...data,
	moderatorTools: data.visitor.role === 'moderator' && !data.meeting.archived ? await import('$lib/components/board/moderator-tools') : null
});
