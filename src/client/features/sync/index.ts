/** What is not yet on the server: the top-bar badge and the sync page (docs/sync-protocol.md). */
export { rejectionKey, staleDiff, clipboardText, REJECTION_CODES } from './rejections.ts'
export { copyText } from './clipboard.ts'
