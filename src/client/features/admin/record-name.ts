/**
 * A record's name for people, the one the records editor, the audit log and the plan preview all
 * show: code and title, its name, a user's display name, or for an assignment its activity and
 * unit. Pure: `nameOf` names the records an id points to ('' when it is not known).
 */
export function recordName(table: string, record: Record<string, unknown>, nameOf: (table: string, id: unknown) => string): string {
  const s = (v: unknown) => (v === null || v === undefined ? '' : String(v))
  switch (table) {
    case 'plans':
      return s(record.title)
    case 'areas':
    case 'activities':
      return `${s(record.code)} ${s(record.title)}`.trim()
    case 'assignments':
      return [nameOf('activities', record.activityId), nameOf('units', record.unitId)].filter(Boolean).join(' · ')
    case 'users':
      return s(record.displayName) || s(record.username)
    default:
      return s(record.name)
  }
}
