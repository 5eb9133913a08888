/**
 * The identity-number guard on the texts people write (src/shared/identity-numbers.ts): it runs
 * on every text on save (the phone) and on every text the server stores. Prints the time per
 * check of a long note, and how time grows with length; not a timed test.
 * Run: npm run bench -- guard
 */
import { isFreeOfIdentityNumbers } from '../src/shared/identity-numbers.ts'
import { EVERYDAY_SENTENCES } from '../test/unit/identity-number-arbitraries.ts'

const NOTE =
  'Brukaren fick hjälp med dusch och påklädning; läkemedel gavs enligt ordination. Hon mår bättre än i går och vill gå ut när vädret tillåter. Vi har pratat med anhöriga om veckans plan. Brukaren treng hjelp med morgonstell, og dottera kjem på besøk i helga. '

const note = (source: string, length: number) => source.repeat(Math.ceil(length / source.length)).slice(0, length)

/** Milliseconds per check, the best of five rounds (the least disturbed by the rest of the machine). */
function msPerCheck(text: string, calls: number): number {
  let best = Infinity
  for (let round = 0; round < 5; round++) {
    const start = performance.now()
    for (let i = 0; i < calls; i++) isFreeOfIdentityNumbers(text)
    best = Math.min(best, (performance.now() - start) / calls)
  }
  return best
}

const fmt = (ms: number) => `${ms < 0.1 ? ms.toFixed(4) : ms.toFixed(2)} ms`
console.log(`guard, 10,000-character note without digits: ${fmt(msPerCheck(note(NOTE, 10_000), 200))} per check (goal < 1 ms)`)
console.log(
  `guard, 10,000-character note of everyday numbers: ${fmt(msPerCheck(note(EVERYDAY_SENTENCES.join(' ') + ' ', 10_000), 50))} per check (goal < 3 ms)`,
)
// Ten times the text should take about ten times as long: no pattern backtracks over what it has read.
for (const [name, source] of [
  ['everyday sentences', EVERYDAY_SENTENCES.join(' ')],
  ['"460307 " repeated', '460307 '],
  ['"46.03.07 - " repeated', '46.03.07 - '],
  ['digits only', '1234567890'],
  ['invisible characters and digits', '\u200B'.repeat(99) + '1'],
] as const) {
  const small = msPerCheck(note(source, 10_000), 10)
  const large = msPerCheck(note(source, 100_000), 2)
  console.log(`guard, 100,000 ÷ 10,000 characters of ${name}: ${(large / small).toFixed(1)}× the time (goal ≈ 10×, linear)`)
}
