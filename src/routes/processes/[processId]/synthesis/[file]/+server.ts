import { error, type RequestHandler } from '@sveltejs/kit';
import { getLocale } from '$lib/paraglide/runtime';
import { loadProcessRoute } from '$lib/server/meeting-route';
import { synthesisResponse, publicationParam, type SynthesisFormat } from '$lib/server/theme-input/downloads';

const FILES: Record<string, SynthesisFormat> = { 'synthesis.json': 'json', 'synthesis.md': 'md', 'synthesis.xlsx': 'xlsx', 'synthesis.docx': 'docx' };

/** The synthesis page's downloads: the whole process as one JSON or one Markdown document. */
export const GET: RequestHandler = async (event) => {
	const format = FILES[event.params.file!];
	if (!format) error(404, { message: 'Not found', code: 'NOT_FOUND' });
	const publication = publicationParam(event.url);
	if (publication === null) error(400, { message: 'publication must be true or false', code: 'VALIDATION' });
	const { process } = await loadProcessRoute(event as Parameters<typeof loadProcessRoute>[0]);
	const response = await synthesisResponse(event.locals.services.sql, process.id, format, {
		locale: getLocale() === 'en' ? 'en' : 'sv',
		publication,
		attachment: true
	});
	if (!response) error(404, { message: 'Not found', code: 'NOT_FOUND' });
	return response;
};
