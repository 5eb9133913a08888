/** Logging: status, note and measurement entries, undo and withdrawal (src/client/README.md). */
export { useLogEntry, type LogKind, type SaveResult } from './use-log-entry.ts'
export { useEntryUndoStore, UNDO_MS } from './entry-undo-store.ts'
export { parseDecimal, decimalMark, type DecimalResult } from './parse-decimal.ts'
export { currentPeriod, recentPeriods } from './entry-periods.ts'
export { isQuotaError, saveErrorOf, type SaveError } from './entry-errors.ts'
