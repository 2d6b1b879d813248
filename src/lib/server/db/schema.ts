/**
 * The typed schema shared by both dialects. Times are UTC epoch milliseconds.
 * Keep in step with migrations/*.sql (db.spec.ts compares the live schema of both dialects).
 */
import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

export type Role = 'user' | 'admin';
export type SessionKind = 'browser' | 'api';

export interface UsersTable {
	id: string;
	email: string;
	name: string;
	password_hash: string | null;
	role: Role;
	banned_at: number | null;
	created_at: number;
	updated_at: number;
}

export interface OauthAccountsTable {
	id: string;
	user_id: string;
	provider: string;
	provider_account_id: string;
	email: string | null;
	created_at: number;
}

export interface SessionsTable {
	id: string;
	user_id: string;
	kind: SessionKind;
	token_hash: string | null;
	created_at: number;
	last_used_at: number;
	expires_at: number;
	revoked_at: number | null;
	revoked_reason: string | null;
	user_agent: string | null;
	ip: string | null;
}

export interface RefreshTokensTable {
	id: string;
	session_id: string;
	parent_id: string | null;
	token_hash: string;
	created_at: number;
	expires_at: number;
	used_at: number | null;
}

export interface PasswordResetsTable {
	id: string;
	user_id: string;
	token_hash: string;
	created_at: number;
	expires_at: number;
	used_at: number | null;
	invalidated_at: number | null;
}

export interface CategoriesTable {
	id: string;
	slug: string;
	name: string;
	/** What books in the category are about; the sidecar embeds it to rank a book's categories (admins edit it). */
	description: string | null;
	/** The name in the Thai interface; null shows `name` there too. */
	name_th: string | null;
	created_at: number;
}

/** 'review': the pipeline finished but its copy or categories wait for an admin (review_reason says why). */
export type BookStatus = 'draft' | 'published' | 'review';

export interface BooksTable {
	id: string;
	/** Client-chosen id of the upload, so a retried upload finds its book instead of making a second. */
	upload_id: string;
	title: string;
	author: string;
	narrator: string | null;
	description: string | null;
	price_minor: number;
	currency: string;
	/** 1 when the book is deliberately free; a zero price without it is refused. */
	is_free: number;
	status: BookStatus;
	audio_key: string;
	audio_size: number;
	audio_mime: string;
	audio_format: string;
	duration_ms: number;
	/** The preview file (first PREVIEW_SECONDS, stream copy); null: serve a byte prefix of audio_key. */
	preview_key: string | null;
	preview_size: number | null;
	created_by: string;
	created_at: number;
	updated_at: number;
	published_at: number | null;
	/** 'en', 'th'… as asked at upload or detected by transcribe; 'detect' until then. */
	language: Generated<string>;
	/** Why the book waits in review (status 'review'); null otherwise. */
	review_reason: string | null;
	/** When an admin set or accepted the categories: the book is then a labelled example for the classifier. */
	categories_confirmed_at: number | null;
	/** When an admin last saved the chapters (an empty list too); the chapters step keeps them from then on. */
	chapters_set_at: number | null;
	/** Names the stored cover renditions (covers/<id>/<hash>/<width>.webp); null: a drawn cover. */
	cover_hash: string | null;
	cover_source: CoverSource | null;
}

/** 'upload': an admin's image; 'audio': the picture embedded in the audio file. */
export type CoverSource = 'upload' | 'audio';

/**
 * A book filed under a category, with copies of the book's sort keys and whether it is on sale, so a
 * category page reads its shelf's index in the page's order (migration 0015). Only
 * catalog/shelf-order.repository.ts writes these rows; it keeps the copies equal to the book's.
 */
export interface BookCategoriesTable {
	book_id: string;
	category_id: string;
	/** 1 while the book is published. */
	listed: number;
	title: string;
	published_at: number | null;
	price_minor: number;
}

/** One word of a book, from its metadata or its transcript, with the book's sort keys (migration 0016). */
export interface SearchWordsTable {
	book_id: string;
	/** Folded as search terms are (catalog/search-words.ts). */
	word: string;
	/** 1 when the title, author or description has the word. */
	in_metadata: number;
	/** 1 when a transcript segment has the word. */
	in_transcript: number;
	/** 1 while the book is published. */
	listed: number;
	title: string;
	published_at: number | null;
	price_minor: number;
}

export type PipelineStepName = 'upload' | 'transcribe' | 'chapters' | 'summarize' | 'publish';
export type PipelineStepStatus = 'pending' | 'running' | 'succeeded' | 'failed' | 'cancelled';

export interface PipelineStepsTable {
	book_id: string;
	step: PipelineStepName;
	position: number;
	status: PipelineStepStatus;
	attempts: number;
	provider: string | null;
	error: string | null;
	/** JSON: finished chunks (transcribe) or map results (summarize). */
	checkpoint: string | null;
	lease_owner: string | null;
	lease_expires_at: number | null;
	run_after: number | null;
	started_at: number | null;
	finished_at: number | null;
	updated_at: number;
	/** Bumped by each redo and resume: the summarize step seeds its model with it (a rerun draws anew). */
	generation: Generated<number>;
}

export interface TranscriptChunksTable {
	book_id: string;
	chunk_index: number;
	start_ms: number;
	end_ms: number;
	/** JSON: [{start, end, text}] with times in seconds from the start of the recording. */
	segments: string;
	provider: string;
	created_at: number;
}

export interface TranscriptsTable {
	book_id: string;
	text: string;
	/** JSON: every chunk's segments, in order. */
	segments: string;
	created_at: number;
}

/** One transcript segment of a book, indexed for catalog search (FTS5 on SQLite, FULLTEXT on MySQL). */
export interface TranscriptSearchTable {
	book_id: string;
	/** The segment's position in the transcript. */
	seq: number;
	start_ms: number;
	text: string;
}

export interface SummaryPartsTable {
	book_id: string;
	part_index: number;
	/** Hash of the transcript part it summarises: a changed transcript invalidates it. */
	hash: string;
	text: string;
	created_at: number;
}

export interface PipelineEventsTable {
	id: Generated<number>;
	book_id: string;
	type: string;
	/** JSON */
	payload: string;
	created_at: number;
}

/** The largest event id pruned per book: a console resuming from before it gets a reset. */
export interface PipelineEventHorizonsTable {
	book_id: string;
	pruned_through: number;
}

export type CartStatus = 'open' | 'checked_out';

export interface CartsTable {
	id: string;
	user_id: string;
	status: CartStatus;
	order_id: string | null;
	created_at: number;
	updated_at: number;
}

export interface CartItemsTable {
	cart_id: string;
	book_id: string;
	added_at: number;
}

export interface OrdersTable {
	id: string;
	user_id: string;
	cart_id: string;
	idempotency_key: string | null;
	total_minor: number;
	currency: string;
	status: 'paid';
	payment_ref: string;
	created_at: number;
}

export interface OrderLinesTable {
	order_id: string;
	book_id: string;
	/** Snapshots taken at checkout: later edits of the book do not change a past order. */
	title: string;
	price_minor: number;
	currency: string;
}

export interface OwnershipsTable {
	user_id: string;
	book_id: string;
	order_id: string;
	granted_at: number;
}

/** A listener's place in a book, shared across their devices. */
export interface ListeningPositionsTable {
	user_id: string;
	book_id: string;
	position_ms: number;
	/** When the client saw this position (its clock, capped at the server's): the newest wins. */
	observed_at: number;
	/** When the server stored it. */
	updated_at: number;
}

/** Written by rate-limiter-flexible (auth/rate-limit.ts), not by our repositories. */
export interface RateLimitsTable {
	key: string;
	points: number;
	/** Epoch ms when the window ends; null = never. */
	expire: number | null;
}

/** The mean embedding of a book's transcript windows (JSON array), with the model that made it. */
export interface BookVectorsTable {
	book_id: string;
	model: string;
	vector: string;
	created_at: number;
}

/** Store-wide settings an admin changes at run time (e.g. publish_policy). */
export interface StoreSettingsTable {
	name: string;
	value: string;
	updated_at: number;
}

/** A book's chapters in order; each runs from start_ms to the next one's start. */
export interface BookChaptersTable {
	book_id: string;
	position: number;
	start_ms: number;
	title: string;
	source: 'file' | 'heading' | 'topic' | 'admin';
}

/**
 * A listener's bookmark (end_ms null) or clip (start_ms to end_ms) in a book. The id is the client's,
 * unique per user; a deleted mark stays as a tombstone so a stale edit cannot bring it back.
 */
export interface BookMarksTable {
	user_id: string;
	id: string;
	book_id: string;
	kind: 'bookmark' | 'clip';
	start_ms: number;
	end_ms: number | null;
	note: string;
	deleted: number;
	/** When the client made the change (its clock, capped at the server's): the newer change wins. */
	changed_at: number;
	created_at: number;
	/** When the server stored the change. */
	updated_at: number;
}

export interface Database {
	users: UsersTable;
	oauth_accounts: OauthAccountsTable;
	sessions: SessionsTable;
	refresh_tokens: RefreshTokensTable;
	password_resets: PasswordResetsTable;
	categories: CategoriesTable;
	books: BooksTable;
	book_categories: BookCategoriesTable;
	search_words: SearchWordsTable;
	pipeline_steps: PipelineStepsTable;
	transcript_chunks: TranscriptChunksTable;
	transcripts: TranscriptsTable;
	transcript_search: TranscriptSearchTable;
	summary_parts: SummaryPartsTable;
	pipeline_events: PipelineEventsTable;
	pipeline_event_horizons: PipelineEventHorizonsTable;
	carts: CartsTable;
	cart_items: CartItemsTable;
	orders: OrdersTable;
	order_lines: OrderLinesTable;
	ownerships: OwnershipsTable;
	listening_positions: ListeningPositionsTable;
	rate_limits: RateLimitsTable;
	book_vectors: BookVectorsTable;
	store_settings: StoreSettingsTable;
	book_chapters: BookChaptersTable;
	book_marks: BookMarksTable;
}

export type User = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type UserUpdate = Updateable<UsersTable>;
export type Session = Selectable<SessionsTable>;
export type Book = Selectable<BooksTable>;
export type Category = Selectable<CategoriesTable>;
export type PipelineStep = Selectable<PipelineStepsTable>;
export type PipelineEvent = Selectable<PipelineEventsTable>;
