/**
 * Renders the portal's icon (web/public/icons/portal.svg) to the PNG sizes the web app manifest names, with
 * Chromium; run after changing the SVG: node --import tsx scripts/make-portal-icons.ts
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const dir = fileURLToPath(new URL('../web/public/icons/', import.meta.url));
const svg = readFileSync(`${dir}portal.svg`, 'utf8');
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
try {
  for (const [size, maskable] of [
    [192, false],
    [512, false],
    [512, true],
  ] as const) {
    const page = await browser.newPage({ viewport: { width: size, height: size } });
    // The maskable variant keeps the drawing inside the 80 % safe zone on a full-bleed background.
    const inner = maskable
      ? `<div style="width:100%;height:100%;background:#0f2a4a;display:flex;align-items:center;justify-content:center"><div style="width:80%;height:80%">${svg}</div></div>`
      : svg;
    await page.setContent(
      `<html><body style="margin:0;background:transparent"><div style="width:${size}px;height:${size}px">${inner}</div><style>svg{width:100%;height:100%;display:block}</style></body></html>`,
    );
    await page.screenshot({ path: `${dir}portal-${size}${maskable ? '-maskable' : ''}.png`, omitBackground: !maskable });
    await page.close();
  }
} finally {
  await browser.close();
}
