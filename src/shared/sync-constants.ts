/**
 * The sync protocol's constants, apart from its schemas so the phone's first screen can use
 * them without loading the schema library (docs/sync-protocol.md).
 */

/** The version of the sync messages. A client sends it with every push; /api/health reports the server's. */
export const SYNC_SCHEMA_VERSION = 1
/** The longest text an entry may carry. */
export const MAX_TEXT_LENGTH = 4000
/** The most mutations in one push. */
export const MAX_BATCH = 500

/** How long each text of an assessment may be (a short text for a committee paper, not a report). */
export const ASSESSMENT_TEXT_LENGTH = 2000
/** How long the note beside an assessment's cost may be. */
export const ASSESSMENT_NOTE_LENGTH = 500
