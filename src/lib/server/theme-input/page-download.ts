import { error } from '@sveltejs/kit';
import { getLocale } from '../../paraglide/runtime';
import { publicationParam } from './downloads';

/**
 * A download link of the moderators' pages (`…/[file]`): `files` gives the format of each file
 * name, `?publication` is read as the API reads it, and the file is in the page's language. 404
 * for a file not listed or when `respond` finds nothing to send, 400 for a bad `publication`.
 */
export async function pageDownload<F>(
	event: { params: { file?: string }; url: URL },
	files: Record<string, F>,
	respond: (format: F, options: { locale: 'sv' | 'en'; publication: boolean; attachment: true }) => Promise<Response | null>
): Promise<Response> {
	const format = files[event.params.file!];
	if (!format) error(404, { message: 'Not found', code: 'NOT_FOUND' });
	const publication = publicationParam(event.url);
	if (publication === null) error(400, { message: 'publication must be true or false', code: 'VALIDATION' });
	const response = await respond(format, { locale: getLocale() === 'en' ? 'en' : 'sv', publication, attachment: true });
	if (!response) error(404, { message: 'Not found', code: 'NOT_FOUND' });
	return response;
}
