// The Nära mark: a lowercase "ä" (ring, stem, two dots) on the top bar's blue.
export const BG = '#17496b'
export const FG = '#ffffff'
export const ACCENT = '#ffd54a'
export function glyph() {
  return `<circle cx="236" cy="300" r="90" fill="none" stroke="${FG}" stroke-width="50"/>
  <path d="M326 214v178" stroke="${FG}" stroke-width="50" stroke-linecap="round"/>
  <circle cx="190" cy="136" r="30" fill="${ACCENT}"/><circle cx="290" cy="136" r="30" fill="${ACCENT}"/>`
}
/** Rounded-square icon (transparent corners): favicon and "any" icons. */
export function roundedSvg() {
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 512 512"><rect width="512" height="512" rx="112" fill="${BG}"/><g transform="translate(20 0)">${glyph()}</g></svg>`
}
/** Full-bleed square, glyph inside the maskable safe zone (central 80 % circle). */
export function fullBleedSvg(scale = 0.72) {
  const t = 256 - 256 * scale
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 512 512"><rect width="512" height="512" fill="${BG}"/><g transform="translate(${t} ${t}) scale(${scale}) translate(20 0)">${glyph()}</g></svg>`
}
