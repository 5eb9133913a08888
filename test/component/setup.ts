/**
 * Component tests run in happy-dom with an in-memory IndexedDB (fake-indexeddb), so Dexie,
 * liveQuery and the repositories run for real. Dates are shown in Stockholm time.
 */
import 'fake-indexeddb/auto'

process.env.TZ = 'Europe/Stockholm'
