/**
 * The words of the period report's Word and Excel files (docs/reporting-cycle.md, "The period
 * report") in the requester's language. The files are made on the server, so their words live
 * here rather than in the app's message files; the plan's own content (titles, the units' texts)
 * stays in the language it was written in. Judgements carry a sign beside the word, never colour alone.
 */
import type { Judgement, LineageRelation, Locale, PeriodKind, Status } from '../../shared/domain.ts'
import type { ReportChange } from '../../shared/period-report.ts'

export interface ReportWords {
  /** "Uppföljning": the title, and (ASCII-folded) the start of the file name. */
  followUp: string
  asOf: (date: string) => string
  frozen: string
  preliminary: string
  periodDates: (start: string, end: string) => string
  deadline: (date: string) => string
  closedBy: (name: string, date: string) => string
  district: string
  wholeOrganisation: string
  summary: string
  area: string
  activity: string
  unit: string
  activities: string
  assignments: string
  assessed: string
  signed: string
  cost: string
  budget: string
  costNote: string
  status: string
  judgement: string
  done: string
  next: string
  risks: string
  signedBy: string
  signedAt: string
  notSigned: string
  signedByOn: (name: string, date: string) => string
  previousJudgement: string
  change: string
  previousPeriod: (label: string) => string
  noPrevious: string
  total: string
  notAssessedHeading: string
  everyoneAssessed: string
  carryOverHeading: (planTitle: string) => string
  finished: string
  continued: string
  dropped: string
  none: string
  /** Excel sheet names (at most 31 characters). */
  sheets: { summary: string; assessments: string; costs: string; notAssessed: string }
  judgements: Record<Judgement, string>
  changes: Record<ReportChange, string>
  statuses: Record<Status, string>
  relations: Record<LineageRelation, string>
}

/** A sign for each judgement, so a black-and-white print still tells them apart. */
export const JUDGEMENT_SIGN: Record<Judgement, string> = { on_track: '●', at_risk: '▲', off_track: '■', done: '✔' }

const sv: ReportWords = {
  followUp: 'Uppföljning',
  asOf: (d) => `Läge per ${d}`,
  frozen: 'Fastställd: perioden är stängd och rapporten ändras inte.',
  preliminary: 'Preliminär: perioden är öppen och rapporten kan ändras.',
  periodDates: (s, e) => `Period ${s} – ${e}`,
  deadline: (d) => `Sista dag för uppföljning ${d}`,
  closedBy: (n, d) => `Stängd av ${n} ${d}`,
  district: 'Närområde',
  wholeOrganisation: 'Hela organisationen',
  summary: 'Sammanfattning',
  area: 'Område',
  activity: 'Åtgärd',
  unit: 'Enhet',
  activities: 'Åtgärder',
  assignments: 'Uppdrag',
  assessed: 'Bedömda',
  signed: 'Signerade',
  cost: 'Kostnad',
  budget: 'Budget',
  costNote: 'Kommentar till kostnad',
  status: 'Status',
  judgement: 'Bedömning',
  done: 'Vad har gjorts',
  next: 'Nästa steg',
  risks: 'Risker och behov av stöd',
  signedBy: 'Signerad av',
  signedAt: 'Signerad',
  notSigned: 'Inte signerad',
  signedByOn: (n, d) => `Signerad av ${n} ${d}`,
  previousJudgement: 'Föregående bedömning',
  change: 'Förändring',
  previousPeriod: (l) => `Jämfört med ${l}`,
  noPrevious: 'Ingen föregående period',
  total: 'Totalt',
  notAssessedHeading: 'Enheter som inte har lämnat uppföljning',
  everyoneAssessed: 'Alla enheter har lämnat uppföljning.',
  carryOverHeading: (t) => `Från föregående plan: ${t}`,
  finished: 'Fullföljda',
  continued: 'Förs vidare',
  dropped: 'Avslutade utan fortsättning',
  none: 'Inga',
  sheets: { summary: 'Sammanfattning', assessments: 'Bedömningar', costs: 'Kostnader', notAssessed: 'Ej bedömda' },
  judgements: { on_track: 'Enligt plan', at_risk: 'Risk', off_track: 'Avviker', done: 'Klar' },
  changes: { improved: 'Förbättrad', slipped: 'Försämrad', unchanged: 'Oförändrad', new: 'Ny', finished: 'Slutförd', not_assessed: 'Inte bedömd' },
  statuses: { not_started: 'Ej påbörjad', planned: 'Planerad', in_progress: 'Pågår', at_risk: 'Risk för försening', paused: 'Pausad', done: 'Klar' },
  relations: { continuation: 'fortsättning', replaces: 'ersätter', development: 'utveckling av', completion: 'fullföljande', addition: 'tillkommande' },
}

const nb: ReportWords = {
  ...sv,
  followUp: 'Oppfølging',
  asOf: (d) => `Status per ${d}`,
  frozen: 'Fastsatt: perioden er lukket og rapporten endres ikke.',
  preliminary: 'Foreløpig: perioden er åpen og rapporten kan endres.',
  periodDates: (s, e) => `Periode ${s} – ${e}`,
  deadline: (d) => `Frist for oppfølging ${d}`,
  closedBy: (n, d) => `Lukket av ${n} ${d}`,
  district: 'Område',
  wholeOrganisation: 'Hele organisasjonen',
  summary: 'Sammendrag',
  area: 'Innsatsområde',
  activity: 'Tiltak',
  unit: 'Enhet',
  activities: 'Tiltak',
  assignments: 'Oppdrag',
  assessed: 'Vurdert',
  signed: 'Signert',
  cost: 'Kostnad',
  budget: 'Budsjett',
  costNote: 'Merknad til kostnad',
  judgement: 'Vurdering',
  done: 'Hva er gjort',
  next: 'Neste steg',
  risks: 'Risikoer og behov for støtte',
  signedBy: 'Signert av',
  signedAt: 'Signert',
  notSigned: 'Ikke signert',
  signedByOn: (n, d) => `Signert av ${n} ${d}`,
  previousJudgement: 'Forrige vurdering',
  change: 'Endring',
  previousPeriod: (l) => `Sammenlignet med ${l}`,
  noPrevious: 'Ingen forrige periode',
  total: 'Totalt',
  notAssessedHeading: 'Enheter som ikke har levert oppfølging',
  everyoneAssessed: 'Alle enheter har levert oppfølging.',
  carryOverHeading: (t) => `Fra forrige plan: ${t}`,
  finished: 'Fullført',
  continued: 'Videreføres',
  dropped: 'Avsluttet uten videreføring',
  none: 'Ingen',
  sheets: { summary: 'Sammendrag', assessments: 'Vurderinger', costs: 'Kostnader', notAssessed: 'Ikke vurdert' },
  judgements: { on_track: 'I rute', at_risk: 'Risiko', off_track: 'Avvik', done: 'Fullført' },
  changes: { improved: 'Forbedret', slipped: 'Forverret', unchanged: 'Uendret', new: 'Ny', finished: 'Fullført', not_assessed: 'Ikke vurdert' },
  statuses: {
    not_started: 'Ikke påbegynt',
    planned: 'Planlagt',
    in_progress: 'Pågår',
    at_risk: 'Risiko for forsinkelse',
    paused: 'Satt på pause',
    done: 'Fullført',
  },
  relations: { continuation: 'videreføring', replaces: 'erstatter', development: 'utvikling av', completion: 'fullføring', addition: 'tillegg' },
}

const nn: ReportWords = {
  ...nb,
  followUp: 'Oppfølging',
  frozen: 'Fastsett: perioden er lukka og rapporten vert ikkje endra.',
  preliminary: 'Førebels: perioden er open og rapporten kan endrast.',
  closedBy: (n, d) => `Lukka av ${n} ${d}`,
  wholeOrganisation: 'Heile organisasjonen',
  summary: 'Samandrag',
  assessed: 'Vurdert',
  costNote: 'Merknad til kostnad',
  done: 'Kva er gjort',
  risks: 'Risikoar og behov for støtte',
  notSigned: 'Ikkje signert',
  previousJudgement: 'Førre vurdering',
  previousPeriod: (l) => `Samanlikna med ${l}`,
  noPrevious: 'Inga førre periode',
  notAssessedHeading: 'Einingar som ikkje har levert oppfølging',
  everyoneAssessed: 'Alle einingar har levert oppfølging.',
  unit: 'Eining',
  carryOverHeading: (t) => `Frå førre plan: ${t}`,
  continued: 'Vert vidareførte',
  dropped: 'Avslutta utan vidareføring',
  none: 'Ingen',
  sheets: { summary: 'Samandrag', assessments: 'Vurderingar', costs: 'Kostnader', notAssessed: 'Ikkje vurdert' },
  judgements: { on_track: 'I rute', at_risk: 'Risiko', off_track: 'Avvik', done: 'Fullført' },
  changes: { improved: 'Betra', slipped: 'Forverra', unchanged: 'Uendra', new: 'Ny', finished: 'Fullført', not_assessed: 'Ikkje vurdert' },
  statuses: {
    not_started: 'Ikkje påbyrja',
    planned: 'Planlagt',
    in_progress: 'Pågår',
    at_risk: 'Risiko for forseinking',
    paused: 'Sett på pause',
    done: 'Fullført',
  },
  relations: { continuation: 'vidareføring', replaces: 'erstattar', development: 'utvikling av', completion: 'fullføring', addition: 'tillegg' },
}

const en: ReportWords = {
  followUp: 'Follow-up',
  asOf: (d) => `Status as of ${d}`,
  frozen: 'Final: the period is closed and this report will not change.',
  preliminary: 'Preliminary: the period is open and this report may change.',
  periodDates: (s, e) => `Period ${s} – ${e}`,
  deadline: (d) => `Follow-up due ${d}`,
  closedBy: (n, d) => `Closed by ${n} on ${d}`,
  district: 'District',
  wholeOrganisation: 'The whole organisation',
  summary: 'Summary',
  area: 'Area',
  activity: 'Activity',
  unit: 'Unit',
  activities: 'Activities',
  assignments: 'Assignments',
  assessed: 'Assessed',
  signed: 'Signed',
  cost: 'Cost',
  budget: 'Budget',
  costNote: 'Note on cost',
  status: 'Status',
  judgement: 'Assessment',
  done: 'What has been done',
  next: 'Next steps',
  risks: 'Risks and support needed',
  signedBy: 'Signed by',
  signedAt: 'Signed',
  notSigned: 'Not signed',
  signedByOn: (n, d) => `Signed by ${n} on ${d}`,
  previousJudgement: 'Previous assessment',
  change: 'Change',
  previousPeriod: (l) => `Compared with ${l}`,
  noPrevious: 'No previous period',
  total: 'Total',
  notAssessedHeading: 'Units that have not submitted their follow-up',
  everyoneAssessed: 'Every unit has submitted its follow-up.',
  carryOverHeading: (t) => `From the previous plan: ${t}`,
  finished: 'Completed',
  continued: 'Carried on',
  dropped: 'Ended without continuation',
  none: 'None',
  sheets: { summary: 'Summary', assessments: 'Assessments', costs: 'Costs', notAssessed: 'Not assessed' },
  judgements: { on_track: 'On track', at_risk: 'At risk', off_track: 'Off track', done: 'Done' },
  changes: { improved: 'Improved', slipped: 'Slipped', unchanged: 'Unchanged', new: 'New', finished: 'Finished', not_assessed: 'Not assessed' },
  statuses: { not_started: 'Not started', planned: 'Planned', in_progress: 'In progress', at_risk: 'At risk of delay', paused: 'Paused', done: 'Done' },
  relations: { continuation: 'continuation of', replaces: 'replaces', development: 'development of', completion: 'completion of', addition: 'addition' },
}

const WORDS: Record<Locale, ReportWords> = { sv, nb, nn, en }

/** The words for a locale; Swedish when the locale is none of the four. */
export function reportWords(locale: string): ReportWords {
  return WORDS[locale as Locale] ?? sv
}

/** "T1 2027", "Q2 2027", "H1 2027", "2027": how a period is named in every language. */
export function periodLabel(p: { kind: PeriodKind; year: number; number: number }): string {
  const letter = { tertial: 'T', quarter: 'Q', half_year: 'H', year: '' }[p.kind]
  return letter ? `${letter}${p.number} ${p.year}` : String(p.year)
}

/** A judgement as words with its sign ("● Enligt plan"), or the words for none. */
export function judgementText(words: ReportWords, j: Judgement | null | undefined): string {
  return j ? `${JUDGEMENT_SIGN[j]} ${words.judgements[j]}` : `○ ${words.changes.not_assessed}`
}
