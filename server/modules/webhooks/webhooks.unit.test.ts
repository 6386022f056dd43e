import { describe, expect, it } from 'vitest';
import { isPrivateAddress, newSecret, parseTarget, sign } from './webhooks.policy.js';

describe('Standard Webhooks signature', () => {
  it('matches the example of the specification', () => {
    const sig = sign('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 'msg_p5jXN8AQM9LWM0D4loKWxJek', 1614265330, '{"test": 2432232314}');
    expect(sig).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
  });

  it('makes secrets of 32 random bytes in the whsec_ form', () => {
    const a = newSecret();
    expect(a).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(a.slice(6), 'base64')).toHaveLength(32);
    expect(newSecret()).not.toBe(a);
  });
});

describe('SSRF rule', () => {
  it('judges loopback, private, link-local, shared, reserved and mapped addresses private; public ones not', () => {
    for (const ip of [
      '127.0.0.1',
      '127.9.9.9',
      '10.0.0.1',
      '172.16.0.1',
      '172.31.255.255',
      '192.168.0.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '224.0.0.1',
      '255.255.255.255',
      '::1',
      '::',
      'fd12::1',
      'fe80::1',
      '::ffff:127.0.0.1',
      '::ffff:7f00:1',
      '::ffff:a00:1',
      'not-an-ip',
    ])
      expect(isPrivateAddress(ip), ip).toBe(true);
    for (const ip of ['8.8.8.8', '114.114.114.114', '172.32.0.1', '100.128.0.1', '2400:3200::1', '::ffff:8.8.8.8'])
      expect(isPrivateAddress(ip), ip).toBe(false);
  });

  it('accepts https (http outside production) without user info', () => {
    expect(parseTarget('https://hooks.example.org/a?b=1', true)).toBeInstanceOf(URL);
    expect(parseTarget('http://hooks.example.org/a', false)).toBeInstanceOf(URL);
    expect(parseTarget('http://hooks.example.org/a', true)).toBe('scheme');
    expect(parseTarget('ftp://hooks.example.org/a', false)).toBe('scheme');
    expect(parseTarget('https://u:p@hooks.example.org/a', false)).toBe('credentials');
    expect(parseTarget('nonsense', false)).toBe('url');
  });
});
