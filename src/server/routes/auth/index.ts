/**
 * Login and logout. Wrong username and wrong password get the same answer, in about the same time.
 * Failed logins are limited per client address and per username from one address (docs/security-edges.md): over
 * either limit the answer is 429 `too_many_attempts` with Retry-After, whether the password was
 * right or not. A username's failures from all addresses together only slow its attempts down, so
 * a stranger who knows the name cannot lock its owner out.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { ErrorBody, LoginBody, LoginReply } from '../../../shared/schemas.ts'
import { dummyPasswordHash, verifyPassword } from '../../auth/password.ts'
import { Problem } from '../../errors.ts'
import { addressKey, countAttempts, pairKey, pruneAttempts, settleSuccess, slowdownMs, userKey } from '../../repositories/login-throttle.ts'
import { createSession, findUserByUsername, loadUser, revokeSession } from '../../repositories/users.ts'
import type { RouteDeps } from '../deps.ts'

export const authRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, { store, config }) => {
  // Made now, not on the first unknown username: that first answer would otherwise take twice as long.
  await dummyPasswordHash()
  const { perUser, perAddress, windowMs, slowdownMaxMs } = config.loginLimits

  app.post('/api/auth/login', { schema: { body: LoginBody, response: { 200: LoginReply, 401: ErrorBody, 429: ErrorBody } } }, async (request, reply) => {
    const { username, password } = request.body
    const now = new Date()
    const keys = { pair: pairKey(username, request.ip), user: userKey(username), address: addressKey(request.ip) }
    // Counted before the password is checked, so parallel guesses cannot overtake the count.
    const [pair, user, address] = await countAttempts(store.db, [keys.pair, keys.user, keys.address], windowMs, now)
    const over = [pair!.failures > perUser ? pair! : null, address!.failures > perAddress ? address! : null].filter((c) => c !== null)
    if (over.length) {
      const seconds = Math.max(...over.map((c) => Math.ceil((Date.parse(c.windowStart) + windowMs - now.getTime()) / 1000)), 1)
      const minutes = Math.ceil(seconds / 60)
      reply.header('Retry-After', String(seconds))
      throw new Problem('too_many_attempts', `Too many failed sign-ins. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`)
    }
    // Before the check, not after a failure: otherwise a guesser would hang up once the answer
    // was late, knowing it was a failure, and try the next password at full speed.
    const wait = slowdownMs(user!.failures, perUser, slowdownMaxMs)
    if (wait) await new Promise((resolve) => setTimeout(resolve, wait))
    const record = await findUserByUsername(store.db, username)
    // Verify against a dummy hash for unknown users so timing does not tell which usernames exist.
    const ok = await verifyPassword(password, record?.passwordHash ?? (await dummyPasswordHash()))
    const loaded = record && record.passwordHash && ok && record.active === 1 ? await loadUser(store.db, record.id) : undefined
    if (!loaded) {
      await pruneAttempts(store.db, windowMs, now)
      throw new Problem('invalid_credentials', 'Wrong username or password.')
    }
    await settleSuccess(store.db, keys.pair, [keys.user, keys.address])
    const session = await createSession(store.db, loaded.id, config.sessionTtlMs)
    return { ...session, user: loaded }
  })

  app.post('/api/auth/logout', { preHandler: app.requireUser }, async (request, reply) => {
    await revokeSession(store.db, request.token!)
    return reply.status(204).send()
  })
}
