/** Keeping what is logged: persistent storage, the home-screen notice on iOS, export of unsynced entries. */
export { useStorageStore, type PersistState } from './storage-store.ts'
export { buildUnsyncedExport, exportFileName } from './export-unsynced.ts'
export { shouldShowInstallNotice } from './install-notice.ts'
