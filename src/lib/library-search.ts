/** One library search result, as the API answers it and as the offline search in the browser builds it. */
import type { SnippetPart } from './text/transcript-match';

export interface LibrarySearchHit {
	bookId: string;
	title: string;
	author: string;
	/** Where the passage starts, in ms from the start of the recording. */
	atMs: number;
	/** The chapter the passage is in; null when the book has no chapters or it comes before the first. */
	chapter: string | null;
	/** The words occur together, as typed. */
	phrase: boolean;
	/** The passage around the match, as text parts; `hit` parts are the match (render as text). */
	snippet: SnippetPart[];
	/** The listening page, playing from this moment. */
	listenPath: string;
}
