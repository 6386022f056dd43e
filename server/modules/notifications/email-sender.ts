/**
 * Email through an SMTP server (SMTP_URL) with nodemailer: one connection per message, bounded waits, and a
 * Message-ID named after the queued email, so a receiving system can drop a repeat of an at-least-once delivery.
 */
import { createTransport, type Transporter } from 'nodemailer';

export type MailMessage = { to: string; subject: string; text: string; messageId: string };

export type Mailer = { send(m: MailMessage): Promise<void> };

export class SmtpMailer implements Mailer {
  private readonly transport: Transporter;
  private readonly domain: string;

  constructor(cfg: { url: string; from: string }) {
    this.transport = createTransport({ url: cfg.url, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 }, { from: cfg.from });
    this.domain = /@([^>\s]+)>?$/.exec(cfg.from)?.[1] ?? 'localhost';
  }

  /** Sends one message; throws when the server refuses it or cannot be reached (the job runner retries with back-off). */
  async send(m: MailMessage): Promise<void> {
    await this.transport.sendMail({ to: m.to, subject: m.subject, text: m.text, messageId: `<${m.messageId}@${this.domain}>` });
  }
}
