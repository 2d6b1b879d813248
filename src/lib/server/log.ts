/** Structured JSON logs (pino). Child loggers carry the request id into every line of a request. */
import { pino, type Logger } from 'pino';

export type { Logger };

export function createLogger(level: string): Logger {
	return pino({
		level,
		base: { service: 'earshelf-app' },
		timestamp: pino.stdTimeFunctions.isoTime,
		redact: {
			paths: ['password', '*.password', 'token', '*.token', 'refreshToken', '*.refreshToken'],
			censor: '[redacted]'
		}
	});
}
