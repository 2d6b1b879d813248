/**
 * The words the admin pages show for the pipeline's and the catalog's codes. The codes stay English in
 * the database, the API and the console's data; only what a person reads goes through the messages.
 * An unknown code (a step added later) is shown as it is rather than hidden.
 */
import * as m from '$lib/paraglide/messages';

const STEPS: Record<string, () => string> = {
	upload: m.pipeline_step_upload,
	transcribe: m.pipeline_step_transcribe,
	chapters: m.chapters_step,
	summarize: m.pipeline_step_summarize,
	publish: m.pipeline_step_publish
};

const STEP_STATUSES: Record<string, () => string> = {
	pending: m.pipeline_status_pending,
	running: m.pipeline_status_running,
	succeeded: m.pipeline_status_succeeded,
	failed: m.pipeline_status_failed,
	cancelled: m.pipeline_status_cancelled
};

const BOOK_STATUSES: Record<string, () => string> = {
	published: m.book_status_published,
	draft: m.book_status_draft,
	review: m.book_status_review
};

export const stepLabel = (step: unknown): string => STEPS[String(step)]?.() ?? String(step ?? '');
export const stepStatusLabel = (status: unknown): string => STEP_STATUSES[String(status)]?.() ?? String(status ?? '');
export const bookStatusLabel = (status: string): string => BOOK_STATUSES[status]?.() ?? status;
