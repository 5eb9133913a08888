/**
 * What every versioned table shares (docs/admin-api.md, "Records"): nothing is deleted; a row is
 * archived with a stamp and restored by clearing it, each time with a new version and seq.
 */

/** What archiving or restoring writes on a row: the stamp (or null), its next version and a seq of its own. */
export interface ArchiveStamp {
  archivedAt: string | null
  version: number
  updatedAt: string
  seq: number
}

/** Which rows a list holds by their archiving: live ones (the default), archived ones, or all. */
export type Archived = 'live' | 'archived' | 'all'
