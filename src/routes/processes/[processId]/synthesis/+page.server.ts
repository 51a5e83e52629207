import { getLocale } from '$lib/paraglide/runtime';
import { loadProcessRoute } from '$lib/server/meeting-route';
import { exportOptions } from '$lib/server/theme-input/downloads';
import { loadSynthesis } from '$lib/server/theme-input/synthesis';
import { synthesisView } from '$lib/theme-input/synthesis-view';
import type { PageServerLoad } from './$types';

/** The strategy team's view of a process: always the publication variant (small groups suppressed, no names). */
export const load: PageServerLoad = async (event) => {
	const { process } = await loadProcessRoute(event);
	const locale = getLocale() === 'en' ? 'en' : 'sv';
	const synthesis = await loadSynthesis(event.locals.services.sql, process.id, exportOptions(locale, true));
	return {
		process: { id: process.id, title: process.title },
		view: synthesisView(synthesis!),
		q: event.url.searchParams.get('q') ?? ''
	};
};
