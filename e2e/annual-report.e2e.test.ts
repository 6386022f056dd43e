import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PDFParse } from 'pdf-parse';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCREENSHOTS, checkPage, launch, login, newContext, openMenu } from './helpers.js';

/** The annual report (年度报告): the city's staff make last year's report, watch it finish, download the PDF and look at it. */
describe('annual report (union.city)', () => {
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    browser = await launch();
    const ctx = await newContext(browser);
    page = await ctx.newPage();
    await login(page, 'union.city');
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('makes the city report of a year, downloads the PDF and renders its first pages', async () => {
    await openMenu(page, '年度报告', '年度报告');
    await checkPage(page, 'annual-report-empty');
    // The newest year with figures (the demo data is dated relative to today, so last year may hold little).
    await page.getByLabel('年度').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').first().click();
    await page.getByRole('button', { name: '生成报告' }).click();
    const row = page.locator('.ant-table-row').first();
    const pdfLink = row.getByRole('link', { name: /^PDF / });
    await pdfLink.waitFor({ timeout: 120_000 });
    expect(await row.textContent()).toContain('已完成');
    await checkPage(page, 'annual-report-done');

    const [download] = await Promise.all([page.waitForEvent('download'), pdfLink.click()]);
    const file = await download.path();
    const pdf = readFileSync(file);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const parser = new PDFParse({ data: new Uint8Array(pdf) });
    const text = (await parser.getText()).text;
    expect(text).toMatch(/成都市 \d{4} 年度群团工作报告/);
    expect(text).toContain('受理群众诉求');
    // The first pages as images, kept beside the page screenshots to be looked at.
    const shots = await parser.getScreenshot({ scale: 1.2, first: 2 });
    expect(shots.pages.length).toBe(2);
    shots.pages.forEach((p, i) => writeFileSync(path.join(SCREENSHOTS, `annual-report-pdf-page${i + 1}.png`), Buffer.from(p.data)));
  }, 240_000);
});
