/**
 * The search words of both full-text engines, built from terms already reduced to letters and digits
 * (catalog/browse.ts searchTerms), so no user syntax (quotes, operators, column filters) can reach a
 * full-text parser. Every term must match, each as a prefix.
 */

/** An FTS5 MATCH string: each term quoted, as a prefix. */
export function fts5Match(terms: string[]): string {
	return terms.map((t) => `"${t.replace(/"/g, '""')}"*`).join(' ');
}

/**
 * A MySQL boolean-mode AGAINST string, or null when no term can match. InnoDB indexes no stopword
 * and no word shorter than innodb_ft_min_token_size (3): a required "+the*" would match nothing, so
 * such words are left out of the search.
 */
export function innodbAgainst(terms: string[]): string | null {
	const indexable = terms.filter((t) => [...t].length >= 3 && !INNODB_STOPWORDS.has(t));
	return indexable.length ? indexable.map((t) => `+${t}*`).join(' ') : null;
}

/** InnoDB's default full-text stopwords (information_schema.INNODB_FT_DEFAULT_STOPWORD). */
const INNODB_STOPWORDS = new Set(
	'a about an are as at be by com de en for from how i in is it la of on or that the this to was what when where who will with und www'.split(' ')
);
