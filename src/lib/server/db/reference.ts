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

const FOREIGN_KEY_VIOLATION = '23503';

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

		// A row another table points at (e.g. a participant's municipality) stays; the savepoint
		// lets the transaction go on after the refused delete.
		const removeUnlessUsed = async (table: 'municipalities' | 'sectors', codes: string[]) => {
			const stale = await tx<{ code: string }[]>`select code from ${tx(table)} where code <> all(${codes}) order by code`;
			const kept: string[] = [];
			for (const { code } of stale) {
				try {
					await tx.savepoint((sp) => sp`delete from ${sp(table)} where code = ${code}`);
				} catch (error) {
					if ((error as { code?: string }).code !== FOREIGN_KEY_VIOLATION) throw error;
					kept.push(code);
				}
			}
			// Kept entries go after the current ones so the order of the file is what people see first.
			if (kept.length) await tx`update ${tx(table)} set sort_order = sort_order + 100000 where code = any(${kept})`;
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
