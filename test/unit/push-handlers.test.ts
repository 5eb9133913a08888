import { describe, expect, it } from 'vitest'
import { Type } from '@sinclair/typebox'
import { MUTATION_NAMES } from '../../src/shared/sync-protocol.ts'
import { BatchContext } from '../../src/server/sync/batch-context.ts'
import { HANDLERS } from '../../src/server/sync/handlers/index.ts'
import { mutationHandler } from '../../src/server/sync/handlers/handler.ts'

// The args check runs before a handler touches the batch: an empty context is enough here.
const ctx: BatchContext = Object.create(BatchContext.prototype)

describe('push handlers', () => {
  it('has one handler for each mutation name the protocol knows, and no other', () => {
    expect(Object.keys(HANDLERS).sort()).toEqual([...MUTATION_NAMES].sort())
  })

  it('checks the args against the schema before the handler runs, naming a field only by the schema', async () => {
    const seen: unknown[] = []
    const handler = mutationHandler(Type.Object({ id: Type.String({ maxLength: 3 }) }, { additionalProperties: false }), (_ctx, args) => {
      seen.push(args)
      return { status: 'applied' }
    })
    expect(await handler(ctx, { id: 'abc' }, 1)).toEqual({ status: 'applied' })
    expect(await handler(ctx, { id: 'abcdef' }, 2)).toEqual({
      status: 'rejected',
      code: 'invalid',
      reason: 'The change is not valid: "id" is missing or not of the right kind or size.',
    })
    const unknownField = await handler(ctx, { id: 'a', '19121212-1212': 'x' }, 3)
    expect(unknownField).toMatchObject({
      code: 'invalid',
      reason: 'The change is not valid: "args" has a field this server does not know, or is not an object.',
    })
    expect(JSON.stringify(unknownField)).not.toContain('1212')
    expect(await handler(ctx, 'not an object', 4)).toMatchObject({ code: 'invalid' })
    expect(seen).toEqual([{ id: 'abc' }])
  })
})
