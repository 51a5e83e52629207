import type { ReferenceData } from '../reference-data';
import type { Sql } from './sql';

export interface Municipality {
	code: string;
	name: string;
}

export interface Sector {
	code: string;
	/** In the requested language. */
	name: string;
}

export interface ReferenceLoadResult {
	municipalities: number;
	sectors: number;
	/** Codes no longer in the file that are still in use and therefore kept. */
	kept: { municipalities: string[]; sectors: string[] };
}

/**
 * Makes the database's reference lists equal to `data`, in one transaction: every entry is
 * inserted or updated (name and order), and entries missing from the data are removed unless
 * something refers to them — those are kept and reported.
 */
export async function loadReferenceData(sql: Sql, data: ReferenceData): Promise<ReferenceLoadResult> {
	return sql.begin(async (tx) => {
		for (const [index, m] of data.municipalities.entries()) {
			await tx`
				insert into municipalities (code, name, sort_order) values (${m.code}, ${m.name}, ${index})
				on conflict (code) do update set name = excluded.name, sort_order = excluded.sort_order`;
		}
		for (const [index, s] of data.sectors.entries()) {
			await tx`
				insert into sectors (code, name_sv, name_en, sort_order) values (${s.code}, ${s.name.sv}, ${s.name.en}, ${index})
				on conflict (code) do update
				set name_sv = excluded.name_sv, name_en = excluded.name_en, sort_order = excluded.sort_order`;
		}

		// An entry another table points at (a participant's municipality, say) stays, whatever that
		// foreign key's ON DELETE says: removing it would change recorded answers.
		const removeUnlessUsed = async (table: 'municipalities' | 'sectors', codes: string[]) => {
			const stale = (await tx<{ code: string }[]>`select code from ${tx(table)} where code <> all(${codes})`).map((r) => r.code);
			if (!stale.length) return [];
			const references = await tx<{ schema: string; table: string; column: string }[]>`
				select n.nspname as schema, cl.relname as table, a.attname as column
				from pg_constraint c
				join pg_class cl on cl.oid = c.conrelid
				join pg_namespace n on n.oid = cl.relnamespace
				join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]
				where c.contype = 'f' and c.confrelid = ${table}::regclass`;
			const used = new Set<string>();
			for (const ref of references) {
				const rows = await tx<{ code: string }[]>`
					select distinct ${tx(ref.column)} as code from ${tx(`${ref.schema}.${ref.table}`)}
					where ${tx(ref.column)} = any(${stale})`;
				for (const row of rows) used.add(row.code);
			}
			const removable = stale.filter((code) => !used.has(code));
			if (removable.length) await tx`delete from ${tx(table)} where code = any(${removable})`;
			const kept = stale.filter((code) => used.has(code)).sort();
			// Kept entries go after the current ones, so the file's order is what people see first.
			if (kept.length) await tx`update ${tx(table)} set sort_order = sort_order + 100000 where code = any(${kept}) and sort_order < 100000`;
			return kept;
		};
		const kept = {
			municipalities: await removeUnlessUsed('municipalities', data.municipalities.map((m) => m.code)),
			sectors: await removeUnlessUsed('sectors', data.sectors.map((s) => s.code))
		};
		return { municipalities: data.municipalities.length, sectors: data.sectors.length, kept };
	}) as Promise<ReferenceLoadResult>;
}

/** Whether both reference lists are empty (a fresh database). */
export async function referenceDataMissing(sql: Sql): Promise<boolean> {
	const [row] = await sql<{ missing: boolean }[]>`
		select not exists (select 1 from municipalities) and not exists (select 1 from sectors) as missing`;
	return row.missing;
}

/** The municipalities in the order of the reference file. */
export async function listMunicipalities(sql: Sql): Promise<Municipality[]> {
	return sql<Municipality[]>`select code, name from municipalities order by sort_order, name`;
}

/** The sectors in the order of the reference file, named in `locale` ('sv' or 'en'). */
export async function listSectors(sql: Sql, locale: 'sv' | 'en'): Promise<Sector[]> {
	return sql<Sector[]>`
		select code, case when ${locale} = 'en' then name_en else name_sv end as name
		from sectors order by sort_order, code`;
}
