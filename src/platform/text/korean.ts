/**
 * Text for Korean search. Hangul syllables are split into their letters (jamo), so a query and a
 * name that differ in one vowel (푸쉬업, 푸시업) share most trigrams, and a half-typed syllable
 * ("스쿼" of 스쿼트) is still a substring. Initial consonants (초성, "ㅅㅋㅌ") are searchable too.
 */

const SYLLABLE_FIRST = 0xac00;
const SYLLABLE_LAST = 0xd7a3;
// The 19 initial consonants as compatibility jamo, the letters a Korean keyboard types.
const INITIALS = 'ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ';

/** Lower-cased, letters split, spaces collapsed: the form both the index and queries use. */
export const searchForm = (text: string) => text.toLowerCase().normalize('NFD').replace(/\s+/g, ' ').trim();

/** The initial consonant of each Hangul syllable: 스쿼트 → ㅅㅋㅌ. */
export function initialsOf(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code >= SYLLABLE_FIRST && code <= SYLLABLE_LAST) out += INITIALS[Math.floor((code - SYLLABLE_FIRST) / 588)];
  }
  return out;
}

/** Whether a query is typed in initial consonants only ("ㅅㅋㅌ"). */
export const isInitialsQuery = (query: string) => /^[ㄱ-ㅎ\s]+$/.test(query);

/** What a row's search column holds: every searchable text in search form, then the initials of the names. */
export function searchDocument(names: string[], extras: string[]): string {
  return [...names, ...extras].map(searchForm).join(' | ') + ' | ' + names.map(initialsOf).join(' ');
}
