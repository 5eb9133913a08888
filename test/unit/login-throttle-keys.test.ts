/** The keys the login limits count by (src/server/repositories/login-throttle.ts): an IPv6 client by its /64. */
import { describe, expect, it } from 'vitest'
import { addressBlock, addressKey, userKey } from '../../src/server/repositories/login-throttle.ts'

describe('login limit keys', () => {
  it.each([
    ['203.0.113.7', '203.0.113.7'],
    ['::ffff:203.0.113.7', '203.0.113.7'],
    ['2001:db8:7:1::1e', '2001:db8:7:1::/64'],
    ['2001:0db8:0007:0001:abcd:0:0:1', '2001:db8:7:1::/64'],
    ['2001:db8::1', '2001:db8:0:0::/64'],
    ['::1', '0:0:0:0::/64'],
    ['fe80::1%eth0', 'fe80:0:0:0::/64'],
    ['2001:db8:1:2::1.2.3.4', '2001:db8:1:2::/64'],
    ['::', '0:0:0:0::/64'],
  ])('counts %s as %s', (ip, block) => {
    expect(addressBlock(ip)).toBe(block)
  })

  it('names a username as the login finds it (trimmed, lower case) and keeps users and addresses apart', () => {
    expect(userKey('  Mobil ')).toBe('user:mobil')
    expect(addressKey('10.0.0.1')).toBe('addr:10.0.0.1')
  })
})
