/**
 * The pull cursor is opaque to clients: base64url JSON of the sequence number reached, the
 * store's epoch (a restored or recreated store has another) and the fingerprint of the
 * user's scope. A cursor that does not fit any more means a full resync.
 */
export interface CursorState {
  seq: number
  epoch: string
  scope: string
}

export function encodeCursor(state: CursorState): string {
  return Buffer.from(JSON.stringify({ v: 1, s: state.seq, e: state.epoch, h: state.scope })).toString('base64url')
}

/** Null for anything that is not a cursor this server wrote. */
export function decodeCursor(cursor: string): CursorState | null {
  try {
    const raw = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Record<string, unknown>
    if (raw.v !== 1 || !Number.isSafeInteger(raw.s) || (raw.s as number) < 0) return null
    if (typeof raw.e !== 'string' || typeof raw.h !== 'string') return null
    return { seq: raw.s as number, epoch: raw.e, scope: raw.h }
  } catch {
    return null
  }
}
