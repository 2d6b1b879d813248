/**
 * Store-wide settings an admin changes while the store runs. One today: what the pipeline does with
 * the copy it writes. 'auto' publishes copy that passed every check and holds the rest for review;
 * 'review' holds every book for an admin's look before it goes on sale.
 */
import { z } from 'zod';
import type { Db } from '../db';
import { readSetting, writeSetting } from './settings.repository';

export const PublishPolicy = z.enum(['auto', 'review'], { error: 'must be "auto" or "review"' });
export type PublishPolicy = z.infer<typeof PublishPolicy>;

export const DEFAULT_PUBLISH_POLICY: PublishPolicy = 'auto';

export async function getPublishPolicy(db: Db): Promise<PublishPolicy> {
	const parsed = PublishPolicy.safeParse(await readSetting(db, 'publish_policy'));
	return parsed.success ? parsed.data : DEFAULT_PUBLISH_POLICY;
}

export async function setPublishPolicy(db: Db, policy: PublishPolicy, now: number): Promise<void> {
	await writeSetting(db, 'publish_policy', policy, now);
}
