import type { RequestHandler } from '@sveltejs/kit';
import { loadProcessRoute } from '$lib/server/meeting-route';
import { synthesisResponse, type SynthesisFormat } from '$lib/server/theme-input/downloads';
import { pageDownload } from '$lib/server/theme-input/page-download';

const FILES: Record<string, SynthesisFormat> = { 'synthesis.json': 'json', 'synthesis.md': 'md', 'synthesis.xlsx': 'xlsx', 'synthesis.docx': 'docx' };

/** The synthesis page's downloads: the whole process as one JSON, Markdown, Excel or Word document. */
export const GET: RequestHandler = (event) =>
	pageDownload(event, FILES, async (format, options) => {
		const { process } = await loadProcessRoute(event as Parameters<typeof loadProcessRoute>[0]);
		return synthesisResponse(event.locals.services.sql, process.id, format, options);
	});
