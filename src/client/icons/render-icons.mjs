// Renders public/icons/*.png and public/favicon.svg from mark.mjs in headless Chromium (exact sizes).
import { chromium } from 'playwright-core'
import { writeFileSync } from 'node:fs'
import { roundedSvg, fullBleedSvg } from './mark.mjs'
// Usage (from the repository root): node src/client/icons/render-icons.mjs
const out = new URL('../../../public/icons', import.meta.url).pathname
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
})
const page = await browser.newPage({ deviceScaleFactor: 1 })
async function render(svg, size, file, transparent) {
  await page.setViewportSize({ width: size, height: size })
  await page.setContent(
    `<html><body style="margin:0;background:transparent">${svg.replace('<svg ', `<svg width="${size}" height="${size}" style="display:block" `)}</body></html>`,
  )
  await page.screenshot({ path: `${out}/${file}`, omitBackground: transparent, clip: { x: 0, y: 0, width: size, height: size } })
}
await render(roundedSvg(), 192, 'icon-192.png', true)
await render(roundedSvg(), 512, 'icon-512.png', true)
await render(fullBleedSvg(), 512, 'icon-maskable-512.png', false)
await render(fullBleedSvg(0.8), 180, 'apple-touch-icon.png', false)
await render(roundedSvg(), 32, 'favicon-32.png', true)
writeFileSync(`${out}/../favicon.svg`, roundedSvg() + '\n')
await browser.close()
