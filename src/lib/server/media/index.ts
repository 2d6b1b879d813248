/** Audio intake: the streamed book upload, ffprobe and the accepted formats. */
export { receiveBookUpload, discardUnreadBody, audioKeyFor, bookIdFor, AUDIO_PART, type UploadOutcome } from './upload';
export { classifyProbe, extensionOf, ACCEPTED_FORMATS_TEXT, type AcceptedAudio, type AudioFormat } from '../../media/audio-format';
export { ffprobe, ProbeFailedError, type FfprobeOutput } from './ffprobe';
export { ffmpegCoreResponse, ffmpegCoreVersion } from './ffmpeg-core';
