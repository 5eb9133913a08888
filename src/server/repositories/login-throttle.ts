/**
 * Failed-login counters (docs/security-edges.md), in the store so that every instance behind a load balancer
 * counts the same failures. One row per key:
 *
 * - `addr:<address>`: every failure from a client address, whatever the usernames (a 429 over
 *   LOGIN_LIMIT_PER_ADDRESS);
 * - `pair:<address>|<username>`: the failures for a username from one address (a 429 over
 *   LOGIN_LIMIT_PER_USER), so a stranger who knows a username locks out only themselves, not its
 *   owner at another address;
 * - `user:<username>`: the failures for a username from every address, which never refuse but
 *   slow each attempt down a little more (slowdownMs), the same for a real and an unknown name.
 *
 * A fixed window per key starts at its first failure; when it has passed, the next failure
 * starts a new one. An attempt is counted *before* the password is checked (countAttempts), in
 * one atomic upsert: a burst of parallel guesses cannot all slip past a read-then-write check
 * while the slow password hash runs. A successful login then takes its count back (settleSuccess).
 */
import { isIPv6 } from 'node:net'
import type { Kysely } from 'kysely'
import type { Database } from '../db/schema.ts'

export interface AttemptCount {
  key: string
  /** Attempts in the current window, this one included. */
  failures: number
  windowStart: string
}

// Lone surrogates as U+FFFD, as the store keeps them: countAttempts finds its rows by the key it
// wrote, and a username "\ud800" came back as "\ufffd" and answered 500 (found by fuzzing).
const normalUsername = (username: string) =>
  username
    .trim()
    .toLowerCase()
    .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd')
export const userKey = (username: string) => `user:${normalUsername(username)}`
export const addressKey = (ip: string) => `addr:${addressBlock(ip)}`
/** A username tried from one address; an address block never holds a `|`. */
export const pairKey = (username: string, ip: string) => `pair:${addressBlock(ip)}|${normalUsername(username)}`

/**
 * How long an attempt waits before its password is checked, from the username's failures across
 * all addresses in the window (this attempt included): nothing for the first `perUser` (typos, and
 * no more than one address may try anyway), then a `perUser`-th of `maxMs` more with each further
 * one, all of `maxMs` from twice `perUser` on. It never refuses, so nobody is locked out by it, and
 * it depends only on the count, which a real and an unknown username keep alike.
 */
export function slowdownMs(failures: number, perUser: number, maxMs: number): number {
  if (failures <= perUser || maxMs <= 0) return 0
  return Math.min(maxMs, Math.round((maxMs * (failures - perUser)) / perUser))
}

/**
 * The address a client is counted by: an IPv4 address as it is (also when it arrives IPv4-mapped,
 * `::ffff:1.2.3.4`); an IPv6 address by its /64, because one subscriber usually holds a whole /64
 * and could otherwise give every guess a fresh address.
 */
export function addressBlock(ip: string): string {
  const address = ip.replace(/%.*$/, '')
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address)
  if (mapped) return mapped[1]!
  if (!isIPv6(address)) return address
  const [head = '', tail] = address.split('::')
  const groups = (part: string) => (part ? part.split(':').flatMap((g) => (g.includes('.') ? ['0', '0'] : [g])) : [])
  const h = groups(head)
  const full = tail === undefined ? h : [...h, ...Array<string>(8 - h.length - groups(tail).length).fill('0'), ...groups(tail)]
  return `${full
    .slice(0, 4)
    .map((g) => parseInt(g, 16).toString(16))
    .join(':')}::/64`
}

/** Counts one more attempt for each key and returns the counts, in one statement. */
export async function countAttempts(db: Kysely<Database>, keys: string[], windowMs: number, now = new Date()): Promise<AttemptCount[]> {
  const at = now.toISOString()
  const windowOver = new Date(now.getTime() - windowMs).toISOString()
  const rows = await db
    .insertInto('loginThrottle')
    .values(keys.map((key) => ({ key, windowStart: at, failures: 1 })))
    .onConflict((oc) =>
      oc.column('key').doUpdateSet((eb) => {
        const expired = eb('loginThrottle.windowStart', '<=', windowOver)
        return {
          failures: eb
            .case()
            .when(expired)
            .then(1)
            .else(eb('loginThrottle.failures', '+', 1))
            .end(),
          windowStart: eb.case().when(expired).then(at).else(eb.ref('loginThrottle.windowStart')).end(),
        }
      }),
    )
    .returning(['key', 'failures', 'windowStart'])
    .execute()
  return keys.map((key) => rows.find((r) => r.key === key)!).map((r) => ({ key: r.key, failures: Number(r.failures), windowStart: r.windowStart }))
}

/**
 * A successful login: the username's count from this address starts over; the username-wide and
 * the address's counts keep their real failures (the attempt counted up front was not one). The
 * username-wide count is not cleared: the owner signing in does not forgive a stranger's guesses,
 * and a count that fell away would tell the stranger that the name is real and in use.
 */
export async function settleSuccess(db: Kysely<Database>, pair: string, counted: string[]): Promise<void> {
  await db.deleteFrom('loginThrottle').where('key', '=', pair).execute()
  // One row a statement: an update of several rows could lock them in another order than
  // countAttempts does and deadlock with it on PostgreSQL.
  for (const key of counted) {
    await db
      .updateTable('loginThrottle')
      .set((eb) => ({
        failures: eb
          .case()
          .when('failures', '>', 0)
          .then(eb('failures', '-', 1))
          .else(0)
          .end(),
      }))
      .where('key', '=', key)
      .execute()
  }
}

/** Drops the rows whose window has passed (they would start over anyway), so the table stays small. */
export async function pruneAttempts(db: Kysely<Database>, windowMs: number, now = new Date()): Promise<void> {
  await db
    .deleteFrom('loginThrottle')
    .where('windowStart', '<=', new Date(now.getTime() - windowMs).toISOString())
    .execute()
}
