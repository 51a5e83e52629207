import type { PageLoad } from './$types';

/**
 * The moderator's controls are a chunk of their own, so a participant's phone never downloads
 * them (issue 3: the board page's JavaScript). Only a moderator's page imports it, here in the
 * load rather than in the component, so that the server renders the controls and the page hydrates
 * with them instead of showing them a moment later.
 *
 * An archived meeting's board has no controls (the server refuses every change of it), but its
 * groups can still be tagged with the process's categories, as on its meeting page (the tagging
 * endpoint allows it): the link to the tagging page is a small chunk of its own, for moderators.
 */
export const load: PageLoad = async ({ data }) => {
	const moderator = data.visitor.role === 'moderator';
	const [moderatorTools, categoriesLink] = await Promise.all([
		moderator && !data.meeting.archived ? import('$lib/components/board/moderator-tools') : null,
		moderator ? import('$lib/components/board/CategoriesLink.svelte').then((link) => link.default) : null
	]);
	return { ...data, moderatorTools, categoriesLink };
};
