/**
 * Join codes: what a participant types or scans to enter a meeting. Pure functions, shared by the
 * browser and the server.
 *
 * The alphabet leaves out characters that are easy to confuse when read aloud or from a projector
 * (0/O, 1/I/L, U/V) so that a code read off a screen at the back of the room is typed right.
 */

/** The characters a join code is made of. */
export const JOIN_CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTVWXYZ';

/** How many characters a join code has (shown in three groups of three). */
export const JOIN_CODE_LENGTH = 9;

const JOIN_CODE_PATTERN = new RegExp(`^[${JOIN_CODE_ALPHABET}]{${JOIN_CODE_LENGTH}}$`);

/** Strips spaces and dashes and upper-cases the input; the result may still be invalid. */
export function normaliseJoinCode(input: string): string {
	return input.replace(/[\s\-‐‑‒–—]/g, '').toUpperCase();
}

/** Whether `code` is a normalised, well-formed join code (it may still belong to no meeting). */
export function isJoinCode(code: string): boolean {
	return JOIN_CODE_PATTERN.test(code);
}

/** Formats a normalised join code for people: `ABCDEFGHJ` → `ABC-DEF-GHJ`. */
export function formatJoinCode(code: string): string {
	const normalised = normaliseJoinCode(code);
	return normalised.match(/.{1,3}/g)?.join('-') ?? normalised;
}
