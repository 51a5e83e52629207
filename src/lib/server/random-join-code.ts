import { JOIN_CODE_ALPHABET, JOIN_CODE_LENGTH } from '../join-code';

/** Fills a byte array with random values; the platform CSPRNG unless a test passes its own. */
export type RandomBytes = (bytes: Uint8Array<ArrayBuffer>) => Uint8Array<ArrayBuffer>;

const cryptoRandom: RandomBytes = (bytes) => crypto.getRandomValues(bytes);

// Rejection sampling: only bytes below the largest multiple of the alphabet size are used, so that
// `byte % size` hits every character equally often (256 % 30 ≠ 0 would favour the first 16).
const SIZE = JOIN_CODE_ALPHABET.length;
const LIMIT = 256 - (256 % SIZE);

/** A new random join code: JOIN_CODE_LENGTH characters of JOIN_CODE_ALPHABET, uniformly chosen. */
export function randomJoinCode(random: RandomBytes = cryptoRandom): string {
	let code = '';
	const buffer = new Uint8Array(JOIN_CODE_LENGTH * 2);
	while (code.length < JOIN_CODE_LENGTH) {
		random(buffer);
		for (const byte of buffer) {
			if (byte >= LIMIT) continue;
			code += JOIN_CODE_ALPHABET[byte % SIZE];
			if (code.length === JOIN_CODE_LENGTH) break;
		}
	}
	return code;
}

/** The entropy of one join code in bits. */
export const JOIN_CODE_ENTROPY_BITS = JOIN_CODE_LENGTH * Math.log2(SIZE);
