/**
 * A waiting time in words for a rate-limit message: seconds below a minute, otherwise whole
 * minutes rounded up ("30 sekunder", "2 minuter", "1 minute"), pluralised by the locale.
 */
export function formatWait(seconds: number, locale: string): string {
	const whole = Math.max(1, Math.ceil(seconds));
	const [value, unit] = whole < 60 ? [whole, 'second'] : [Math.ceil(whole / 60), 'minute'];
	return new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'long' }).format(value);
}
