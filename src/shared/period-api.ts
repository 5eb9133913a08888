/**
 * The periods API's requests and replies (docs/reporting-cycle.md, "Reporting periods" and
 * "Assessments"): declared once with TypeBox for validation, types and the OpenAPI document.
 * The periods themselves reach the app through the pull; these routes create and change them.
 */
import { Type, type Static } from '@sinclair/typebox'
import { PERIOD_KINDS } from './domain.ts'
import { AssessmentRow, PeriodRow } from './rows.ts'

const DateOnly = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD' })
const Id = Type.String({ minLength: 1, maxLength: 200 })

export const CreatePeriodsBody = Type.Object(
  {
    organisationId: Id,
    kind: Type.Union(PERIOD_KINDS.map((k) => Type.Literal(k))),
    year: Type.Integer({ minimum: 2000, maximum: 2100 }),
    /** Which one of the year (1–3 tertials, 1–4 quarters, 1–2 half-years, 1 the year); none: every one of the year. */
    number: Type.Optional(Type.Integer({ minimum: 1, maximum: 4 })),
    /** The last day for the units' follow-ups; none: the tenth day after the period ends. Only with `number`. */
    deadline: Type.Optional(DateOnly),
  },
  { additionalProperties: false },
)
export type CreatePeriodsBody = Static<typeof CreatePeriodsBody>

export const PeriodsReply = Type.Object({ periods: Type.Array(PeriodRow) })
export const PeriodReply = Type.Object({ period: PeriodRow })

export const PeriodParams = Type.Object({ periodId: Id })

export const ChangeDeadlineBody = Type.Object({ deadline: DateOnly, baseVersion: Type.Integer({ minimum: 1 }) }, { additionalProperties: false })
export type ChangeDeadlineBody = Static<typeof ChangeDeadlineBody>

export const ReopenParams = Type.Object({ periodId: Id, assignmentId: Id })
export const AssessmentReply = Type.Object({ assessment: AssessmentRow })

/** A stale deadline change: the error and the server's current period. */
export const StalePeriodReply = Type.Object({
  error: Type.Object({ code: Type.String(), message: Type.String() }),
  current: Type.Optional(PeriodRow),
})

/** The id of an organisation's period: `period-<organisationId>-<key>`, e.g. `period-org-dalarna-2027-T1`. */
export const periodId = (organisationId: string, key: string): string => `period-${organisationId}-${key}`
