/**
 * Meeting times: the moderator types a local date and time in the meeting's time zone; the
 * database keeps an instant (timestamptz). Pure functions over Intl, shared by browser and server.
 */

/** Every meeting of a process takes place in this time zone. */
export const MEETING_TIME_ZONE = 'Europe/Stockholm';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** Whether `value` is a real calendar date written YYYY-MM-DD. */
export function isLocalDate(value: string): boolean {
	const match = DATE.exec(value);
	if (!match) return false;
	const [y, m, d] = match.slice(1).map(Number);
	const date = new Date(Date.UTC(y, m - 1, d));
	return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d && y >= 1900;
}

/** Whether `value` is a time of day written HH:MM (24-hour). */
export function isLocalTime(value: string): boolean {
	return TIME.test(value);
}

const partsFormatters = new Map<string, Intl.DateTimeFormat>();
function partsFormatter(timeZone: string): Intl.DateTimeFormat {
	let formatter = partsFormatters.get(timeZone);
	if (!formatter) {
		formatter = new Intl.DateTimeFormat('en-US', {
			timeZone,
			hourCycle: 'h23',
			year: 'numeric',
			month: '2-digit',
			day: '2-digit',
			hour: '2-digit',
			minute: '2-digit',
			second: '2-digit'
		});
		partsFormatters.set(timeZone, formatter);
	}
	return formatter;
}

function wallClock(instant: Date, timeZone: string) {
	const parts = Object.fromEntries(partsFormatter(timeZone).formatToParts(instant).map((p) => [p.type, p.value]));
	return {
		year: Number(parts.year),
		month: Number(parts.month),
		day: Number(parts.day),
		hour: Number(parts.hour),
		minute: Number(parts.minute),
		second: Number(parts.second)
	};
}

/** How far the zone's wall clock is ahead of UTC at `instant`, in milliseconds. */
function offsetAt(instant: Date, timeZone: string): number {
	const w = wallClock(instant, timeZone);
	const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
	return asUtc - Math.floor(instant.getTime() / 1000) * 1000;
}

/**
 * The instant at which the zone's wall clock shows `date` `time` (YYYY-MM-DD, HH:MM). A time that
 * does not exist (the hour skipped when summer time starts) is moved forward by the gap; a time
 * that exists twice (autumn) is the first of the two.
 */
export function localToInstant(date: string, time: string, timeZone = MEETING_TIME_ZONE): Date {
	const [y, m, d] = date.split('-').map(Number);
	const [hh, mm] = time.split(':').map(Number);
	const wall = Date.UTC(y, m - 1, d, hh, mm);
	// Try the offsets in force around this wall time; keep the earliest that round-trips.
	const candidates = [wall - offsetAt(new Date(wall - 864e5), timeZone), wall - offsetAt(new Date(wall + 864e5), timeZone)]
		.sort((a, b) => a - b)
		.filter((t) => t + offsetAt(new Date(t), timeZone) === wall);
	if (candidates.length) return new Date(candidates[0]);
	// In a gap: use the offset from before the change, which lands after the gap.
	return new Date(wall - offsetAt(new Date(wall - 864e5), timeZone));
}

/** The zone's wall-clock date (YYYY-MM-DD) and time (HH:MM) at `instant`. */
export function instantToLocal(instant: Date, timeZone = MEETING_TIME_ZONE): { date: string; time: string } {
	const w = wallClock(instant, timeZone);
	const two = (n: number) => String(n).padStart(2, '0');
	return { date: `${w.year}-${two(w.month)}-${two(w.day)}`, time: `${two(w.hour)}:${two(w.minute)}` };
}

const INTL_LOCALES: Record<string, string> = { sv: 'sv-SE', en: 'en-GB' };

/**
 * A meeting's time for people, in the meeting's time zone: "onsdag 7 november 2018 kl. 09:00–12:00"
 * in Swedish. `locale` is the UI language ('sv' or 'en').
 */
export function formatMeetingTime(
	startsAt: Date,
	endsAt: Date | null,
	locale: string,
	timeZone = MEETING_TIME_ZONE
): string {
	const intlLocale = INTL_LOCALES[locale] ?? locale;
	const start = new Intl.DateTimeFormat(intlLocale, { timeZone, dateStyle: 'full', timeStyle: 'short' }).format(startsAt);
	if (!endsAt) return start;
	const sameDay = instantToLocal(startsAt, timeZone).date === instantToLocal(endsAt, timeZone).date;
	const end = sameDay
		? new Intl.DateTimeFormat(intlLocale, { timeZone, timeStyle: 'short' }).format(endsAt)
		: new Intl.DateTimeFormat(intlLocale, { timeZone, dateStyle: 'full', timeStyle: 'short' }).format(endsAt);
	return `${start}–${end}`;
}

/** A meeting's date alone, short: "2018-11-07" in Swedish, "07/11/2018" in English. */
export function formatMeetingDate(startsAt: Date, locale: string, timeZone = MEETING_TIME_ZONE): string {
	return new Intl.DateTimeFormat(INTL_LOCALES[locale] ?? locale, { timeZone, dateStyle: 'short' }).format(startsAt);
}
