/** Covers: checked and resized uploads, pictures from audio files, drawn covers, and their URLs. */
export { coverUrlBase, replaceCover, removeCover, stageCover, deleteCoverBlobs, lookUpCover, type CoverDeps, type CoverLookup } from './service';
export { renderCover, sniffImageType, coverTooLarge, COVER_PART, COVER_MAX_BYTES, COVER_MAX_PIXELS, type CoverRenditions } from './image';
export { extractEmbeddedPicture, hasEmbeddedPicture } from './embedded';
export { drawCover, drawnCoverToken } from './drawn';
export { coverKey, coverKeys } from './blobs';
export { coverColour, firstCategorySlug } from './palette';
export { coverResponse } from './serve';
export { readCoverBody } from './request-body';
export { createDrawnCoverCache, type DrawnCoverCache } from './drawn-cache';
