/**
 * SMS through a generic HTTP gateway: a JSON POST signed with HMAC-SHA256 over `timestamp.body` (headers
 * X-QH-Key, X-QH-Timestamp, X-QH-Signature: hex), the text prefixed with the registered signature 【群团通】, a
 * message reference the gateway uses to drop a repeated request (retries after a timeout deliver once), a per-phone
 * limit, and the gateway's delivery report posted back to a callback address signed the same way.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { RetryLater } from '../../platform/jobs/jobs.js';

export const SMS_SIGNATURE = '【群团通】';

export type SmsGatewayConfig = { url: string; key: string; secret: string; perPhonePerHour: number; callbackUrl?: string };

export function signBody(secret: string, timestamp: string, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

/** Checks a signed request from the gateway (a delivery report): signature and a timestamp within 5 minutes. */
export function verifySigned(secret: string, headers: { timestamp?: string; signature?: string }, body: string, now = Date.now()): boolean {
  const ts = Number(headers.timestamp);
  if (!Number.isInteger(ts) || Math.abs(now / 1000 - ts) > 300 || !headers.signature) return false;
  const want = Buffer.from(signBody(secret, String(ts), body), 'hex');
  const got = Buffer.from(headers.signature, 'hex');
  return got.length === want.length && timingSafeEqual(got, want);
}

/** The text as sent: the signature first, as the carriers require. */
export function smsText(text: string): string {
  return text.startsWith(SMS_SIGNATURE) ? text : `${SMS_SIGNATURE}${text}`;
}

export class HttpSmsGateway {
  private sent = new Map<string, number[]>();

  constructor(private readonly cfg: SmsGatewayConfig) {}

  /**
   * Sends one message; resolves with the gateway's message id. Throws on a refusal or an unreachable gateway (the job
   * runner retries with back-off) and RetryLater when the phone has had its hourly share.
   */
  async send(msg: { phone: string; text: string; ref: string }, now = Date.now()): Promise<{ messageId: string }> {
    const recent = (this.sent.get(msg.phone) ?? []).filter((t) => now - t < 3_600_000);
    if (recent.length >= this.cfg.perPhonePerHour) throw new RetryLater(3_600_000 - (now - recent[0]!), 'per-phone limit');
    const body = JSON.stringify({ to: msg.phone, text: smsText(msg.text), ref: msg.ref, ...(this.cfg.callbackUrl ? { callback: this.cfg.callbackUrl } : {}) });
    const timestamp = String(Math.floor(now / 1000));
    const res = await fetch(this.cfg.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-qh-key': this.cfg.key,
        'x-qh-timestamp': timestamp,
        'x-qh-signature': signBody(this.cfg.secret, timestamp, body),
      },
      body,
      signal: AbortSignal.timeout(10_000),
    });
    const answer = (await res.json().catch(() => ({}))) as { messageId?: string };
    if (!res.ok) throw new Error(`SMS gateway answered ${res.status}`);
    recent.push(now);
    this.sent.set(msg.phone, recent);
    return { messageId: String(answer.messageId ?? '') };
  }
}

/** The citizens' one-time codes through the gateway (sent at once: a code is no use later, so no queue). */
export class GatewaySmsSender {
  readonly revealsCode = false;
  constructor(private readonly gateway: HttpSmsGateway) {}
  async send(phone: string, code: string): Promise<void> {
    await this.gateway.send({
      phone,
      text: `您的验证码为${code}，5分钟内有效。如非本人操作请忽略。`,
      ref: `otp:${Date.now()}:${phone.slice(-4)}:${code.length}`,
    });
  }
}
