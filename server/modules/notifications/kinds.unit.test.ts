import { describe, expect, it } from 'vitest';
// The container imports every module, and with them every notification kind they register.
import '../../container.js';
import { notificationKinds } from '../../platform/jobs/notify.js';
import { zh } from '../../../web/src/features/notifications/messages.js';

describe('notification kinds', () => {
  it('every kind a module registers has its words on the console and the portal, in Chinese and English', () => {
    // The English table must have every Chinese key (a type error otherwise), so the Chinese keys are the check.
    const kinds = notificationKinds().map((k) => k.kind);
    expect(kinds.length).toBeGreaterThan(8);
    for (const k of kinds) {
      expect(zh, k).toHaveProperty([`notif.${k}`]);
    }
  });
});
