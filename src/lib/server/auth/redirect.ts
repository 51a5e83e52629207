/**
 * A redirect target from a query parameter or form field, if it is a path on this site;
 * otherwise the fallback. Absolute URLs, protocol-relative "//host" and "/\host" are refused.
 */
export function safeRedirectTarget(value: string | null | undefined, fallback: string): string {
	if (!value || !value.startsWith('/') || value.startsWith('//') || value.includes('\\')) return fallback;
	// Browsers drop tabs and newlines from URLs, so "/\t/evil.example" would become "//evil.example".
	if ([...value].some((char) => char <= ' ' || char === '\u007f')) return fallback;
	const base = 'http://samla.invalid';
	try {
		const url = new URL(value, base);
		return url.origin === base ? url.pathname + url.search + url.hash : fallback;
	} catch {
		return fallback;
	}
}
