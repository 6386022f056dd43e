import { randomInt, timingSafeEqual } from 'node:crypto';
import { AppError } from '../../platform/errors.js';

/** A one-time code lives five minutes. */
export const OTP_TTL_SECONDS = 300;
/** Wrong guesses allowed against one code before it is burnt. */
export const OTP_MAX_ATTEMPTS = 5;
/** Sending limits: one code a minute and five an hour per phone, thirty an hour per address. */
export const OTP_PHONE_PER_MINUTE = 1;
export const OTP_PHONE_PER_HOUR = 5;
export const OTP_IP_PER_HOUR = 30;

export const CITIZEN_COOKIE_PLAIN = 'qh_csid';
export const CITIZEN_COOKIE_SECURE = '__Host-qh_csid';

export const citizenCookieName = (secure: boolean) => (secure ? CITIZEN_COOKIE_SECURE : CITIZEN_COOKIE_PLAIN);

export const newCode = (): string => String(randomInt(0, 1_000_000)).padStart(6, '0');

export const sameHash = (a: Buffer, b: Buffer): boolean => a.length === b.length && timingSafeEqual(a, b);

/** Where one-time codes go: an SMS gateway in production, the page and the server log in demo and test. */
export interface SmsSender {
  readonly revealsCode: boolean;
  send(phone: string, code: string): Promise<void>;
}

/** Demo and test only: the code is handed back to the page and written to the server log. */
export class DemoSmsSender implements SmsSender {
  readonly revealsCode = true;
  constructor(private readonly log: (line: string) => void) {}
  async send(phone: string, code: string): Promise<void> {
    this.log(`[demo sms] one-time code for ${phone.slice(0, 3)}****${phone.slice(-4)}: ${code}`);
  }
}

/**
 * Production without a configured gateway: the server starts and says at start that SMS is off; asking for a code is
 * refused with CHANNEL_OFF (503, a stable code the portal shows) rather than leaking the code or failing with a 500.
 */
export class UnconfiguredSmsSender implements SmsSender {
  readonly revealsCode = false;
  async send(): Promise<void> {
    throw new AppError('CHANNEL_OFF', 'phone');
  }
}
