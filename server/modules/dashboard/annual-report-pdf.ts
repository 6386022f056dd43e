import PDFDocument from 'pdfkit';
import { cjkFont } from '../../platform/export/pdf-font.js';
import { change, type Figure, type ReportData } from './annual-report.service.js';

const BLUE = '#1f5fbf';
const MARGIN = 50;

const num = (v: number | null, kind: Figure['kind']): string => {
  if (v === null) return '—';
  if (kind === 'rate') return `${(v * 100).toFixed(1)}%`;
  if (kind === 'hours') return v.toLocaleString('en-US', { maximumFractionDigits: 1 });
  return v.toLocaleString('en-US');
};

/** "—" where the previous year has nothing to compare with; percentage points for a rate. */
export const changeText = (f: Figure): string => {
  const c = change(f);
  if (c === null) return '—';
  const sign = c > 0 ? '+' : c < 0 ? '−' : '±';
  return f.kind === 'rate' ? `${sign}${Math.abs(c).toFixed(1)} pp` : `${sign}${Math.abs(c * 100).toFixed(1)}%`;
};

/** The annual report as an A4 PDF: title, headline figures, each breakdown and the tile map, in Chinese with English beside. */
export async function renderAnnualReportPdf(d: ReportData): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    info: { Title: `${d.areaZh} ${d.year} 年度群团工作报告`, Author: 'QunHub', Subject: `Annual report ${d.year} — ${d.areaEn}` },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    doc.on('end', () => resolve());
    doc.on('error', reject);
  });
  doc.registerFont('cn', cjkFont());
  doc.font('cn');
  const width = doc.page.width - 2 * MARGIN;
  const bottom = doc.page.height - MARGIN;

  doc.rect(0, 0, doc.page.width, 8).fill(BLUE);
  doc.fillColor(BLUE).fontSize(22).text(`${d.areaZh} ${d.year} 年度群团工作报告`, MARGIN, 60, { width, align: 'center' });
  doc.fillColor('#555').fontSize(11).text(`Annual report ${d.year} of the mass organizations — ${d.areaEn}`, { width, align: 'center' });
  doc
    .fontSize(9)
    .text(`生成时间 Generated ${d.generatedAt.slice(0, 16).replace('T', ' ')} UTC · 全部数字由业务记录汇总 Every figure is counted from the records`, {
      width,
      align: 'center',
    });
  doc.moveDown(1.5);

  const cols = [0, 230, 320, 410].map((x) => MARGIN + x);
  const colW = [225, 85, 85, width - 415];
  const ensure = (h: number) => {
    if (doc.y + h > bottom) {
      doc.addPage();
      doc.y = MARGIN;
    }
  };
  const table = (title: string, rows: Figure[]) => {
    ensure(60);
    doc.fillColor(BLUE).fontSize(13).text(title, MARGIN, doc.y);
    doc.moveDown(0.3);
    const header = ['指标 Figure', `${d.year}`, `${d.year - 1}`, '同比 Change'];
    const row = (cells: string[], y: number, bold: boolean) => {
      doc.fontSize(bold ? 9.5 : 9).fillColor(bold ? '#fff' : '#222');
      cells.forEach((c, i) => doc.text(c, cols[i]! + 4, y + 5, { width: colW[i]! - 8, align: i === 0 ? 'left' : 'right', lineBreak: false }));
    };
    let y = doc.y;
    doc.rect(MARGIN, y, width, 20).fill(BLUE);
    row(header, y, true);
    y += 20;
    if (rows.length === 0) {
      doc
        .fillColor('#777')
        .fontSize(9)
        .text('本年度无记录 No records this year', MARGIN + 4, y + 5);
      y += 20;
    }
    rows.forEach((f, i) => {
      if (y + 20 > bottom) {
        doc.addPage();
        y = MARGIN;
      }
      if (i % 2 === 1) doc.rect(MARGIN, y, width, 20).fill('#f2f5fa');
      row([`${f.zh}  ${f.en}`, num(f.value, f.kind), f.prev === 0 && f.kind !== 'rate' ? '—' : num(f.prev, f.kind), changeText(f)], y, false);
      y += 20;
    });
    doc
      .moveTo(MARGIN, y)
      .lineTo(MARGIN + width, y)
      .lineWidth(0.5)
      .stroke('#bbb');
    doc.y = y + 16;
    doc.x = MARGIN;
  };

  table('主要数字 Headline figures', d.headline);
  for (const s of d.sections) table(`${s.zh} ${s.en}`, s.rows);

  // The tile map: one square per district (or street), shaded by its figure of the year.
  doc.addPage();
  doc.fillColor(BLUE).fontSize(13).text(`${d.tiles.zh} ${d.tiles.en} · ${d.year}`, MARGIN, MARGIN);
  const items = d.tiles.items;
  const perRow = Math.max(3, Math.ceil(Math.sqrt(items.length * 1.4)));
  const gap = 6;
  const tw = (width - gap * (perRow - 1)) / perRow;
  const th = Math.min(70, tw * 0.75);
  const max = Math.max(1, ...items.map((t) => t.value));
  const top = doc.y + 14;
  items.forEach((t, i) => {
    const x = MARGIN + (i % perRow) * (tw + gap);
    const y = top + Math.floor(i / perRow) * (th + gap);
    const share = t.value / max;
    // From a pale to the full blue, so the tiles read as more or fewer at a glance.
    const mix = (a: number, b: number) =>
      Math.round(a + (b - a) * share)
        .toString(16)
        .padStart(2, '0');
    const fill = t.value === 0 ? '#eeeeee' : `#${mix(225, 31)}${mix(236, 95)}${mix(250, 191)}`;
    doc.rect(x, y, tw, th).fill(fill);
    doc
      .fillColor(share > 0.55 ? '#fff' : '#1a1a1a')
      .fontSize(9)
      .text(t.zh, x + 4, y + 6, { width: tw - 8, align: 'center', lineBreak: false });
    doc.fontSize(7).text(t.en, x + 4, y + 19, { width: tw - 8, align: 'center', lineBreak: false });
    doc.fontSize(12).text(t.value.toLocaleString('en-US'), x + 4, y + th - 22, { width: tw - 8, align: 'center', lineBreak: false });
  });
  const legendY = top + Math.ceil(items.length / perRow) * (th + gap) + 10;
  doc
    .fillColor('#555')
    .fontSize(9)
    .text(
      `颜色越深，${d.tiles.metricZh}越多；灰色为零。Darker tiles have more ${d.tiles.metricEn}; grey is none. 最大值 Maximum: ${max.toLocaleString('en-US')}`,
      MARGIN,
      legendY,
      { width },
    );
  doc.end();
  await done;
  return Buffer.concat(chunks);
}
