/**
 * What the demo units wrote in their follow-ups (docs/reporting-cycle.md, "Assessments"): a few
 * phrasings per activity of Region Dalarna's plan, in the plan's own terms (seed 001: mobile
 * teams per länsdel, SIP, patientkontrakt, webbtidbok, Hälsoplan). Invented, like the people.
 */
export interface CycleTexts {
  done: string[]
  next: string[]
  risks: string[]
}

const GENERIC: CycleTexts = {
  done: [
    'Arbetsgruppen har träffats varannan vecka och följt upp aktiviteten på APT.',
    'Rutinen är införd och personalen har gått igenom den på arbetsplatsträffen.',
    'Kartläggning av nuläget klar; kontaktpersoner utsedda hos kommunen och vårdcentralen.',
  ],
  next: [
    'Följa upp indikatorerna månadsvis och redovisa i arbetsgruppen.',
    'Sprida arbetssättet till fler medarbetare efter sommaren.',
    'Boka uppföljningsmöte med kommunens representanter.',
  ],
  risks: ['', 'Bemanningen under semesterperioden är osäker.', 'Behöver stöd med statistikuttag från journalsystemet.'],
}

export const CYCLE_TEXTS: Record<string, CycleTexts> = {
  'act-dal-mobila-team': {
    done: [
      'Teamet har gjort hembesök tillsammans med kommunens sjuksköterskor fyra dagar i veckan. Gemensam rutin för inskrivning klar.',
      'Två nya sjuksköterskor introducerade; jourlinje till teamet öppen vardagar 8–17.',
      'Samverkansavtal med kommunerna i länsdelen undertecknat; gemensam journalföring via SIP.',
    ],
    next: [
      'Utöka till kvällsbesök två dagar i veckan.',
      'Följa upp undvikna akuta inläggningar tillsammans med sjukhuset.',
      'Rekrytera läkare på halvtid till teamet.',
    ],
    risks: ['Läkarbemanningen är inte säkrad efter årsskiftet.', 'Långa körsträckor i länsdelen; bilarna räcker inte till.', ''],
  },
  'act-dal-sip': {
    done: [
      'SIP-möten hålls nu i hemmet eller digitalt; fler patienter har en plan.',
      'Utbildning i SIP för alla sjuksköterskor i teamet genomförd.',
      'Gemensam mall med kommunen används sedan i våras.',
    ],
    next: [
      'Nå fler patienter med flera kontakter i både kommun och region.',
      'Följa upp att planerna faktiskt revideras.',
      'Ta fram lathund för kallelse till SIP.',
    ],
    risks: ['Kommunens biståndshandläggare har svårt att delta.', '', 'Tid till dokumentation saknas.'],
  },
  'act-dal-akuta-inlaggningar': {
    done: ['Teamet tar emot samtal från hemsjukvården innan ambulans beställs.', 'Rutin för provtagning och intravenös behandling i hemmet på plats.'],
    next: ['Jämföra akutbesöken med samma period i fjol.', 'Utvärdera rutinen tillsammans med ambulanssjukvården.'],
    risks: ['Svårt att få fram jämförbara siffror från sjukhuset.', ''],
  },
  'act-dal-utrustning': {
    done: ['Ny utrustning (EKG, blodtrycksmätare och otoskop) levererad och i bruk.', 'Inventering gjord; beställning lagd via regionens upphandling.'],
    next: ['Utbilda personalen i den nya utrustningen.', 'Avsluta aktiviteten när leveransen är komplett.'],
    risks: ['Leveranstiderna har blivit längre.', ''],
  },
  'act-dal-vardgaranti': {
    done: ['Tillgängligheten följs veckovis; telefonen besvaras samma dag.', 'Ny bemanning av telefonen på förmiddagarna har kortat väntetiderna.'],
    next: ['Införa återuppringning i telefonsystemet.', 'Hålla nivån under influensasäsongen.'],
    risks: ['Vakanta läkartjänster gör att besöksgarantin inte alltid nås.', ''],
  },
  'act-dal-webbtidbok': {
    done: ['Webbtidboken öppnad för provtagning och vaccination.', 'Tider för sjuksköterskebesök bokningsbara via 1177.'],
    next: ['Öppna fler besökstyper för webbokning.', 'Följa upp andelen bokningar via webben.'],
    risks: ['', 'Dubbelbokningar när schemat ändras sent.'],
  },
  'act-dal-patientkontrakt': {
    done: ['Fast vårdkontakt utsedd för de flesta patienter med flera diagnoser.', 'Patientkontraktet prövat i samband med SIP.'],
    next: ['Ta fram underlag för att mäta hur många som har en fast vårdkontakt.', 'Informera patienter och närstående.'],
    risks: ['Oklart hur patientkontraktet ska dokumenteras i journalen.', ''],
  },
  'act-dal-halsoplan': {
    done: ['Hälsoplan erbjuds vid årskontroller för diabetes och hjärtsvikt.', 'Sjuksköterskorna har gått utbildningen i Hälsoplan.'],
    next: ['Erbjuda Hälsoplan till fler patientgrupper.', 'Följa upp hur många planer som följs upp efter sex månader.'],
    risks: ['', 'Tidsbrist vid årskontrollerna.'],
  },
  'act-dal-e-tjanster': {
    done: ['Chatt och videobesök erbjuds för enklare ärenden.', 'Invånartjänsterna på 1177 ses över tillsammans med regionen.'],
    next: ['Mäta hur många ärenden som löses digitalt.', 'Utbilda fler i videobesök.'],
    risks: ['', 'Äldre patienter saknar ofta e-legitimation.'],
  },
}

/** The texts for an activity (a general set for the rest). */
export const cycleTextsOf = (activityId: string): CycleTexts => CYCLE_TEXTS[activityId] ?? GENERIC

/** What a cost note says beside a mobile team's cost in a tertial. */
export const COST_NOTES: Record<string, string> = {
  'act-dal-mobila-team': 'Lönekostnader för teamet och bilar; del av 4 mnkr per år och länsdel.',
  'act-dal-utrustning': 'Inköp av utrustning.',
  'act-dal-e-tjanster': 'Licenser och utbildning.',
}
