/**
 * A real SMTP server on loopback (smtp-server + mailparser) that keeps what it receives and lists it
 * over a small HTTP API, so tests in other processes (vitest workers, Playwright) can read the mails:
 *   GET /messages?to=<address>  → [{ to, subject, text, date }] newest last
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
	to: string[];
	subject: string;
	text: string;
	date: number;
}

export interface SmtpSink {
	smtpUrl: string;
	apiUrl: string;
	stop(): Promise<void>;
}

export async function startSmtpSink(): Promise<SmtpSink> {
	const inbox: ReceivedMail[] = [];
	const smtp = new SMTPServer({
		authOptional: true,
		disabledCommands: ['STARTTLS'],
		logger: false,
		onData(stream, session, callback) {
			simpleParser(stream)
				.then((mail) => {
					inbox.push({
						to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
						subject: mail.subject ?? '',
						text: mail.text ?? '',
						date: Date.now()
					});
					callback();
				})
				.catch(callback);
		}
	});
	await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
	const smtpPort = (smtp.server.address() as AddressInfo).port;

	const api = http.createServer((req, res) => {
		const url = new URL(req.url ?? '/', 'http://sink');
		const to = url.searchParams.get('to')?.toLowerCase();
		const list = to ? inbox.filter((m) => m.to.includes(to)) : inbox;
		res.setHeader('content-type', 'application/json');
		res.end(JSON.stringify(list));
	});
	await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
	const apiPort = (api.address() as AddressInfo).port;

	return {
		smtpUrl: `smtp://127.0.0.1:${smtpPort}`,
		apiUrl: `http://127.0.0.1:${apiPort}`,
		async stop() {
			await new Promise<void>((r) => api.close(() => r()));
			await new Promise<void>((r) => smtp.close(() => r()));
		}
	};
}

/** Waits for a mail to `to` matching `pattern` and returns the first capture group (or the match). */
export async function waitForMail(apiUrl: string, to: string, pattern: RegExp, timeoutMs = 10_000): Promise<string> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		const mails = (await (await fetch(`${apiUrl}/messages?to=${encodeURIComponent(to)}`)).json()) as ReceivedMail[];
		for (const m of mails.reverse()) {
			const match = pattern.exec(m.text);
			if (match) return match[1] ?? match[0];
		}
		await new Promise((r) => setTimeout(r, 100));
	}
	throw new Error(`no mail to ${to} matching ${pattern} within ${timeoutMs} ms`);
}
