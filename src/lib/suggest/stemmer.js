// @ts-check
// The Snowball Swedish stemmer (https://snowballstem.org/algorithms/swedish/stemmer.html), ported
// from its Snowball definition. Plain JavaScript so that the suggestion worker runs without a
// TypeScript loader; TypeScript checks it through the JSDoc types.

const VOWELS = new Set('aeiouyäåö');
/** Letters after which a final -s is removed. */
const S_ENDING = new Set('bcdfghjklmnoprtvy');

/** Step 1 suffixes, longest first so the first match is the longest. */
const MAIN_SUFFIXES = [
	'heterna', 'hetens', 'anden', 'heten', 'heter', 'arnas', 'ernas', 'ornas', 'andes', 'arens', 'andet',
	'arna', 'erna', 'orna', 'ande', 'arne', 'aste', 'aren', 'ades', 'erns',
	'ade', 'are', 'ern', 'ens', 'het', 'ast',
	'ad', 'en', 'ar', 'er', 'or', 'as', 'es', 'at',
	'a', 'e'
];
const CONSONANT_PAIRS = new Set(['dd', 'gd', 'nn', 'dt', 'gt', 'kt', 'tt']);

/**
 * Start of R1: the region after the first non-vowel that follows a vowel, but at least 3 letters in.
 * @param {string} word
 */
function regionOne(word) {
	for (let i = 1; i < word.length; i++) {
		if (!VOWELS.has(word[i]) && VOWELS.has(word[i - 1])) return Math.max(i + 1, 3);
	}
	return word.length;
}

/**
 * The stem of one lower-case Swedish word.
 * @param {string} word
 * @returns {string}
 */
export function stemSwedish(word) {
	const p1 = regionOne(word);
	if (p1 >= word.length) return word;
	let w = word;

	// Step 1: the longest main suffix in R1.
	let matched = false;
	for (const suffix of MAIN_SUFFIXES) {
		if (w.endsWith(suffix) && w.length - suffix.length >= p1) {
			w = w.slice(0, -suffix.length);
			matched = true;
			break;
		}
	}
	if (!matched && w.endsWith('s') && w.length - 1 >= p1 && S_ENDING.has(w[w.length - 2])) w = w.slice(0, -1);

	// Step 2: a doubled (or similar) consonant pair in R1 loses its last letter.
	if (w.length - 2 >= p1 && CONSONANT_PAIRS.has(w.slice(-2))) w = w.slice(0, -1);

	// Step 3: other suffixes in R1.
	if (w.endsWith('fullt') && w.length - 5 >= p1) w = w.slice(0, -1);
	else if (w.endsWith('löst') && w.length - 4 >= p1) w = w.slice(0, -1);
	else if (w.endsWith('lig') && w.length - 3 >= p1) w = w.slice(0, -3);
	else if (w.endsWith('els') && w.length - 3 >= p1) w = w.slice(0, -3);
	else if (w.endsWith('ig') && w.length - 2 >= p1) w = w.slice(0, -2);
	return w;
}
