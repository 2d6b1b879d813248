/**
 * Outgoing mail over SMTP (nodemailer). With no SMTP_URL the message is written as an .eml file to
 * DATA_DIR/outbox and logged, so password resets work on a fresh machine too.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import nodemailer from 'nodemailer';
import type { Logger } from '../log';

export interface Mail {
	to: string;
	subject: string;
	text: string;
	html?: string;
}

export interface Mailer {
	send(mail: Mail): Promise<void>;
}

export function createMailer(opts: {
	smtpUrl: string | undefined;
	from: string;
	outboxDir: string;
	log: Logger;
}): Mailer {
	if (opts.smtpUrl) {
		const transport = nodemailer.createTransport(opts.smtpUrl);
		return {
			async send(mail) {
				await transport.sendMail({ from: opts.from, ...mail });
				opts.log.info({ to: mail.to, subject: mail.subject }, 'mail sent');
			}
		};
	}
	const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
	return {
		async send(mail) {
			const info = await transport.sendMail({ from: opts.from, ...mail });
			mkdirSync(opts.outboxDir, { recursive: true });
			const file = path.join(opts.outboxDir, `${Date.now()}-${info.messageId.replace(/[^\w.-]/g, '')}.eml`);
			writeFileSync(file, info.message as Buffer, { mode: 0o600 });
			opts.log.info({ to: mail.to, subject: mail.subject, file }, 'no SMTP_URL: mail written to outbox');
		}
	};
}
