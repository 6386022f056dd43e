/**
 * Queued SMS: the phone number is SM4-encrypted into the job's payload (no phone in clear in the database), the job
 * runner sends it through the gateway and retries with back-off; the message reference makes a repeated request
 * (after a timeout) one delivery at the gateway.
 */
import type { Db } from '../../db/client.js';
import { decryptField, encryptField } from '../../platform/crypto/field-cipher.js';
import type { Keyring } from '../../platform/crypto/keyring.js';
import { enqueueJob, type JobRunner } from '../../platform/jobs/jobs.js';
import type { HttpSmsGateway } from './sms-gateway.js';

export const SMS_JOB = 'sms.send';

const aad = (ref: string) => ({ table: 'jobs', column: 'sms_phone', rowId: ref });

export class SmsOutbox {
  constructor(
    private readonly keyring: Keyring,
    private readonly gateway: HttpSmsGateway | null,
  ) {}

  get enabled(): boolean {
    return this.gateway !== null;
  }

  /** Queues one message in the caller's transaction; once per `ref`. False when SMS is off. */
  async queue(db: Db, msg: { phone: string; text: string; ref: string }): Promise<boolean> {
    if (!this.gateway) return false;
    const phone = encryptField(this.keyring, msg.phone, aad(msg.ref)).toString('base64');
    await enqueueJob(db, SMS_JOB, { phone, text: msg.text, ref: msg.ref }, { dedupeKey: `sms:${msg.ref}`, maxAttempts: 6 });
    return true;
  }

  register(runner: JobRunner): void {
    if (!this.gateway) return;
    const gateway = this.gateway;
    runner.handle(SMS_JOB, async (p) => {
      const ref = String(p.ref);
      const phone = decryptField(this.keyring, Buffer.from(String(p.phone), 'base64'), aad(ref));
      await gateway.send({ phone, text: String(p.text), ref });
    });
  }
}
