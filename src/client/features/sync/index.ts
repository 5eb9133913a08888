/** What is not yet on the server: the top-bar badge and the sync page (issue #4). */
export { rejectionKey, staleDiff, clipboardText, REJECTION_CODES } from './rejections.ts'
export { copyText } from './clipboard.ts'
