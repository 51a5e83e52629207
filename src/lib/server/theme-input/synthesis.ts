import { buildSynthesis, type ReferenceEntry, type Synthesis } from '../../theme-input/synthesis';
import type { ThemeInputExport } from '../../theme-input/schema';
import { processCategories } from '../db/categories';
import type { Sql } from '../db/sql';
import { isUuid } from '../db/uuid';
import { loadThemeInput, type ExportOptions } from './export';

/**
 * The synthesis of a process: the theme input of each of its meetings (archived ones left out,
 * in date order) and the participation matrix. No authorisation: callers check the process first.
 */
export async function loadSynthesis(sql: Sql, processId: string, options: ExportOptions): Promise<Synthesis | null> {
	if (!isUuid(processId)) return null;
	const [process] = await sql<{ id: string; title: string; ownerOrganisation: string }[]>`
		select id, title, owner_organisation from processes where id = ${processId}`;
	if (!process) return null;
	const meetings = await sql<{ id: string }[]>`
		select id from meetings where process_id = ${processId} and archived_at is null
		order by starts_at nulls last, created_at, theme_title`;
	const exports: ThemeInputExport[] = [];
	for (const { id } of meetings) {
		const data = await loadThemeInput(sql, id, options);
		if (data) exports.push(data);
	}
	const categories = (await processCategories(sql, processId)).map(({ id, name, description }) => ({ id, name, description }));
	return buildSynthesis(process, exports, options.publication, await referenceLists(sql, options.locale), new Date(), categories);
}

/** The reference lists in their order, sector names in the language. */
export async function referenceLists(sql: Sql, locale: 'sv' | 'en'): Promise<{ municipalities: ReferenceEntry[]; sectors: ReferenceEntry[] }> {
	const municipalities = await sql<ReferenceEntry[]>`select code, name from municipalities order by sort_order, code`;
	const sectors = await sql<ReferenceEntry[]>`
		select code, case when ${locale} = 'en' then name_en else name_sv end as name from sectors order by sort_order, code`;
	return { municipalities: municipalities.map((m) => ({ ...m })), sectors: sectors.map((s) => ({ ...s })) };
}
