/**
 * The address of an assignment's first new message: the "new" chip on the list and the thread's
 * own marker open the activity page with this hash, and the thread scrolls to that message and
 * focuses it. Kept apart from the thread so the list loads only these few bytes.
 */
export const NEW_MESSAGE_HASH = '#new-message'
