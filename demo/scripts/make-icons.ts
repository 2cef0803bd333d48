/**
 * Draws the demo's app icons: one SVG (the favicon, written to public/) and
 * the PNGs the web app manifest needs, rendered from it by headless Chromium.
 * The PNGs are committed; run this again only when the artwork changes:
 *
 *   npx tsx demo/scripts/make-icons.ts
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const publicDir = fileURLToPath(new URL('../../public/', import.meta.url));

/** The chat component's spark, in its 24-unit box. */
const SPARK = 'M12 3v3M12 18v3M3 12h3M18 12h3M5.6 5.6l2.1 2.1M16.3 16.3l2.1 2.1M5.6 18.4l2.1-2.1M16.3 7.7l2.1-2.1';

/**
 * The icon on a 512 box. `maskable`: the background fills the square and the
 * spark sits inside the central 80% safe zone, since launchers crop to any shape.
 */
function iconSvg({ maskable }: { maskable: boolean }): string {
  const background = maskable
    ? '<rect width="512" height="512" fill="url(#bg)"/>'
    : '<rect x="16" y="16" width="480" height="480" rx="112" fill="url(#bg)"/>';
  const scale = maskable ? 11 : 14;
  const offset = 256 - 12 * scale;
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 512 512" width="512" height="512">
  <defs>
    <linearGradient id="bg" x1="0" y1="0" x2="1" y2="1">
      <stop offset="0" stop-color="#6a5cff"/>
      <stop offset="1" stop-color="#b46bff"/>
    </linearGradient>
    <radialGradient id="glow" cx="0.3" cy="0.25" r="0.8">
      <stop offset="0" stop-color="#ffffff" stop-opacity="0.28"/>
      <stop offset="1" stop-color="#ffffff" stop-opacity="0"/>
    </radialGradient>
  </defs>
  ${background}
  ${background.replace('url(#bg)', 'url(#glow)')}
  <g transform="translate(${offset} ${offset}) scale(${scale})" fill="none" stroke="#ffffff" stroke-width="2.1" stroke-linecap="round">
    <path d="${SPARK}"/>
    <circle cx="12" cy="12" r="1.6" fill="#ffffff" stroke="none"/>
  </g>
</svg>
`;
}

const icons = [
  { file: 'icon-192.png', size: 192, maskable: false },
  { file: 'icon-512.png', size: 512, maskable: false },
  { file: 'icon-maskable-512.png', size: 512, maskable: true },
  { file: 'apple-touch-icon.png', size: 180, maskable: true },
];

writeFileSync(`${publicDir}icon.svg`, iconSvg({ maskable: false }));

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
});
try {
  const page = await browser.newPage();
  for (const { file, size, maskable } of icons) {
    await page.setViewportSize({ width: size, height: size });
    const svg = iconSvg({ maskable }).replace('width="512" height="512"', `width="${size}" height="${size}"`);
    await page.setContent(`<html><body style="margin:0;background:transparent">${svg}</body></html>`);
    await page.screenshot({ path: `${publicDir}${file}`, omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } });
    console.log(`public/${file}`);
  }
} finally {
  await browser.close();
}
