/**
 * What a mutation handler is: the schema of its args and what it does with args that passed
 * it. mutationHandler() puts the one args check in front of every handler, so a handler only
 * ever sees args of its own shape.
 */
import { Value } from '@sinclair/typebox/value'
import type { Static, TObject } from '@sinclair/typebox'
import type { BatchContext } from '../batch-context.ts'
import { invalidArgs, type Outcome } from '../rejections.ts'

/** Handles one mutation of a batch; `seq` is the sequence number its write takes. */
export type MutationHandler = (ctx: BatchContext, raw: unknown, seq: number) => Promise<Outcome>

export function mutationHandler<S extends TObject>(
  schema: S,
  apply: (ctx: BatchContext, args: Static<S>, seq: number) => Outcome | Promise<Outcome>,
): MutationHandler {
  return async (ctx, raw, seq) => (Value.Check(schema, raw) ? apply(ctx, raw, seq) : invalidArgs(schema, raw))
}
