/**
 * The storage module's public surface: pick a backend from config once, then pass the
 * BlobStorage to domain functions as a dependency.
 */
import type { BlobStorage } from './driver';
import { createLocalStorage } from './local.driver';
import { createS3Storage, type S3StorageOptions } from './s3.driver';

export type StorageConfig = { kind: 'local'; root: string } | ({ kind: 's3' } & S3StorageOptions);

export function createStorage(cfg: StorageConfig): BlobStorage {
	return cfg.kind === 'local' ? createLocalStorage(cfg.root) : createS3Storage(cfg);
}

export {
	assertValidKey,
	InvalidKeyError,
	StorageNotFoundError,
	StorageUnavailableError,
	type BlobInfo,
	type BlobStorage,
	type ByteRange
} from './driver';
export { contentDisposition } from './content-disposition';
export { createLocalStorage } from './local.driver';
export { createS3Storage, type S3StorageOptions } from './s3.driver';
