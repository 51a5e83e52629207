// @ts-check
// Swedish text → the terms the suggesters compare: words, stems, stop words, compound parts and a
// small thesaurus of the domain (regional development). Plain JavaScript: see stemmer.js.
import { stemSwedish } from './stemmer.js';

/** Swedish stop words (the Snowball list, plus a few words every idea of a meeting uses). */
export const STOP_WORDS = new Set(
	`och det att i en jag hon som han på den med var sig för så till är men ett om hade de av icke mig du henne då sin nu
	har inte hans honom skulle hennes där min man ej vid kunde något från ut när efter upp vi dem vara vad över än dig kan
	sina här ha mot alla under någon eller allt mycket sedan ju denna själv detta åt utan varit hur ingen mitt ni bli blev
	oss din dessa några deras blir mina samma vilken er sådan vår blivit dess inom mellan sådant varför varje vilka ditt vem
	vilket sitta sådana vart dina vars vårt våra ert era vilkas också även mer fler flera mindre bättre måste ska bör
	behöver borde kunna få får finns göra gör ge ger ta tar många alla hela nya ny nytt bra mm t.ex exempel till exempel
	kvar igen inte ofta`
		.split(/\s+/)
		.filter(Boolean)
);

/**
 * A small thesaurus: a concept and the stems (or stem beginnings and endings of compounds) that
 * name it. It lets "bussar till inlandet" meet "kollektivtrafik i glesbygden". General words of
 * the domain only; never tuned to single test sentences.
 * @type {Record<string, string[]>}
 */
export const THESAURUS = {
	kollektivtrafik: ['buss', 'tåg', 'pendel', 'pendl', 'kollektivtrafik', 'linjetrafik', 'hållplats', 'tidtabell', 'biljett', 'skolskjuts', 'resenär', 'trafik'],
	uppkoppling: ['bredband', 'fiber', 'uppkoppling', 'mobiltäckning', 'mobilnät', '5g', 'internet', 'wifi', 'nät'],
	digital: ['digital', 'e-tjänst', 'it-system', 'data', 'cybersäkerhet'],
	bostad: ['bostad', 'bostäd', 'lägenhet', 'hyresrätt', 'hyr', 'boend', 'villa', 'bygglov', 'detaljplan', 'hyresgäst', 'tomt', 'husköp', 'hyresh'],
	utbildning: ['utbildning', 'yrkesutbildning', 'stud', 'kurs', 'lärcentrum', 'studiecentrum', 'högskol', 'universitet', 'gymnasi', 'lärling', 'praktik', 'lärand', 'omskolning', 'vägledning', 'kompetens'],
	vård: ['vård', 'vårdcentral', 'hälsocentral', 'läkar', 'doktor', 'sjukvård', 'sjukskötersk', 'akut', 'patient', 'psykiatri', 'ohäls', 'hälsa', 'ambulans', 'omsorg', 'tandvård', 'mottagning'],
	företag: ['företag', 'företagar', 'entreprenör', 'näringsliv', 'riskkapital', 'inkubator', 'egenföretagar', 'byråkrati', 'innovation'],
	energi: ['energi', 'elnät', 'vindkraft', 'solcell', 'vätgas', 'biogas', 'laddstolp', 'ladd', 'vattenkraft', 'elbil'],
	klimat: ['klimat', 'utsläpp', 'fossilfri', 'hållbar', 'kolsänk', 'cirkulär', 'återbruk'],
	kultur: ['kultur', 'bibliotek', 'teater', 'konsert', 'muse', 'konst', 'kulturskol', 'läsfrämj', 'scen', 'fritid', 'idrott'],
	förening: ['förening', 'ideell', 'bygdegård'],
	integration: ['nyanländ', 'invandrar', 'inflyttad', 'integration', 'tolk', 'språk', 'modersmål', 'etablering', 'samhällsorientering', 'diskriminering'],
	turism: ['turism', 'turist', 'besökar', 'besöksnäring', 'resmål', 'upplevels', 'sevärd', 'campingplats', 'evenemang'],
	mat: ['mat', 'livsmedel', 'närodla', 'lokalproducera', 'bond', 'bönd', 'lantbrukar', 'jordbruk', '=gård', 'mjölk', 'slakteri', 'rennäring', 'betesmark', 'råvar', 'matsvinn', 'växthus'],
	trygghet: ['polis', 'brott', 'inbrott', 'trygg', 'otrygg', 'brottslig', 'våld', 'kameraövervakning', 'nattvandrar', 'grannsamverkan', 'räddningstjänst', 'brandmän', 'beredskap', 'krisberedskap', 'civilförsvar', 'hemvärn']
};

/** @type {{ concept: string; term: string }[]} */
const THESAURUS_TERMS = Object.entries(THESAURUS).flatMap(([concept, terms]) => terms.map((term) => ({ concept, term })));

/**
 * The concepts a word belongs to: its stem equals a thesaurus term, or (compounds) begins or ends
 * with one of at least four letters. A term written `=term` must match the whole stem.
 * @param {string} word lower-case word
 * @param {string} stem its stem
 * @returns {string[]}
 */
export function conceptsOf(word, stem) {
	/** @type {Set<string>} */
	const found = new Set();
	for (const { concept, term } of THESAURUS_TERMS) {
		if (term.startsWith('=')) {
			if (stem === term.slice(1)) found.add(concept);
		} else if (stem === term || word === term) found.add(concept);
		else if (term.length >= 4 && (word.startsWith(term) || stem.startsWith(term) || stem.endsWith(term))) found.add(concept);
	}
	return [...found];
}

/**
 * The words of a text: lower case, letters and digits (with inner hyphens), in order.
 * @param {string} text
 * @returns {string[]}
 */
export function words(text) {
	return text.normalize('NFC').toLowerCase().match(/[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)*/gu) ?? [];
}

/**
 * @typedef {object} Analysed
 * @property {string[]} words every word, in order
 * @property {string[]} stems stems of the words that are not stop words, in order
 * @property {Map<string, string>} surface a readable word for each stem (its first occurrence)
 * @property {string[]} concepts thesaurus concepts named
 */

/**
 * Words, content stems and thesaurus concepts of one idea.
 * @param {string} text
 * @returns {Analysed}
 */
export function analyse(text) {
	const all = words(text);
	/** @type {string[]} */
	const stems = [];
	/** @type {Map<string, string>} */
	const surface = new Map();
	/** @type {Set<string>} */
	const concepts = new Set();
	for (const word of all) {
		if (STOP_WORDS.has(word) || word.length < 2) continue;
		const stem = stemSwedish(word);
		stems.push(stem);
		if (!surface.has(stem)) surface.set(stem, word);
		for (const concept of conceptsOf(word, stem)) concepts.add(concept);
	}
	return { words: all, stems, surface, concepts: [...concepts] };
}

/**
 * Splits compounds against a vocabulary of stems: a stem that begins or ends with another known
 * stem of at least four letters (a linking -s- allowed) gets that part as an extra term.
 * "busstrafik" meets "buss" and "trafik"; "bredbandsutbyggnad" meets "bredband".
 * @param {string} stem
 * @param {Set<string>} vocabulary
 * @returns {string[]}
 */
export function compoundParts(stem, vocabulary) {
	/** @type {string[]} */
	const parts = [];
	if (stem.length < 7) return parts;
	for (let cut = 3; cut <= stem.length - 3; cut++) {
		const head = stem.slice(0, cut);
		const tail = stem.slice(cut);
		const headKnown = head.length >= 4 && vocabulary.has(head);
		const tailKnown = tail.length >= 4 && (vocabulary.has(tail) || (tail.startsWith('s') && vocabulary.has(tail.slice(1))));
		if (headKnown) parts.push(head);
		if (tailKnown) parts.push(vocabulary.has(tail) ? tail : tail.slice(1));
	}
	return [...new Set(parts)];
}
