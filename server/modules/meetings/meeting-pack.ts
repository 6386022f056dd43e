import PDFDocument from 'pdfkit';
import { cjkFont } from '../../platform/export/pdf-font.js';

/** What a meeting pack (会议材料) prints: the meeting, its agenda, the items carried to the table, last time's decisions, attendance and the projects. */
export type Pack = {
  title: string;
  when: string;
  venue: string;
  convenor: string;
  secretariat: string;
  agenda: Array<{ title: string; org: string; note: string }>;
  carried: Array<{ title: string; lead: string; dueOn: string; status: string; overdue: boolean }>;
  previous: { day: string; decisions: Array<{ text: string; items: Array<{ title: string; lead: string; dueOn: string; status: string }> }> } | null;
  attendance: Array<{ org: string; status: string }>;
  projects: Array<{ title: string; lead: string; progress: number; health: string; endsOn: string }>;
  printedBy: string;
  printedAt: string;
};

const STATUS_ZH: Record<string, string> = { assigned: '待接收', clarification: '待澄清', accepted: '办理中', submitted: '待审核', closed: '已办结' };
const ATTENDANCE_ZH: Record<string, string> = { present: '出席', absent: '缺席', delegate: '委托出席' };
const HEALTH_ZH: Record<string, string> = { on_time: '按期', at_risk: '有风险', late: '滞后', done: '已完成' };

export const statusZh = (s: string) => STATUS_ZH[s] ?? s;
export const attendanceZh = (s: string | null, delegate: string) => (s === 'delegate' ? `委托 ${delegate}` : s ? (ATTENDANCE_ZH[s] ?? s) : '未登记');
export const healthZh = (s: string) => HEALTH_ZH[s] ?? s;

/** One A4 portrait document: each section a heading and a ruled table of its rows, continued on the next page when full. */
export async function renderPackPdf(p: Pack): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: 50, info: { Title: `${p.title} 会议材料`, Author: p.secretariat, Subject: 'Meeting pack' } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    doc.on('end', () => resolve());
    doc.on('error', reject);
  });
  doc.registerFont('cn', cjkFont());
  doc.font('cn');
  const left = 50;
  const width = doc.page.width - 100;
  const bottom = doc.page.height - 60;

  doc.fontSize(18).text(p.title, { align: 'center' });
  doc.fontSize(10).fillColor('#555').text('会议材料 Meeting pack', { align: 'center' }).fillColor('#000');
  doc.moveDown(0.8).fontSize(10.5);
  doc.text(`时间：${p.when}`);
  doc.text(`地点：${p.venue || '待定'}`);
  doc.text(`召集人：${p.convenor}    会议办公室：${p.secretariat}`);

  const heading = (text: string) => {
    if (doc.y > bottom - 60) doc.addPage();
    doc.moveDown(0.8).fontSize(13).text(text, left, doc.y).fontSize(9.5).moveDown(0.3);
  };
  /** A table with relative column widths; a row that would cross the bottom starts a new page. */
  const table = (cols: Array<{ header: string; w: number }>, rows: string[][]) => {
    const total = cols.reduce((a, c) => a + c.w, 0);
    const ws = cols.map((c) => (c.w / total) * width);
    const line = (cells: string[], bold: boolean) => {
      const h = Math.max(...cells.map((c, i) => doc.heightOfString(c, { width: ws[i]! - 6 }))) + 6;
      if (doc.y + h > bottom) doc.addPage();
      const y = doc.y;
      if (bold) doc.rect(left, y, width, h).fill('#f0f0f0').fillColor('#000');
      let x = left;
      cells.forEach((c, i) => {
        doc.text(c, x + 3, y + 3, { width: ws[i]! - 6 });
        x += ws[i]!;
      });
      doc
        .moveTo(left, y + h)
        .lineTo(left + width, y + h)
        .lineWidth(0.5)
        .stroke('#999');
      doc.x = left;
      doc.y = y + h;
    };
    line(
      cols.map((c) => c.header),
      true,
    );
    if (rows.length === 0) line(['无', ...cols.slice(1).map(() => '')], false);
    for (const r of rows) line(r, false);
  };

  heading('一、会议议程 Agenda');
  table(
    [
      { header: '序号', w: 1 },
      { header: '议题', w: 7 },
      { header: '提出单位', w: 4 },
    ],
    p.agenda.map((a, i) => [String(i + 1), a.note ? `${a.title}\n${a.note}` : a.title, a.org]),
  );
  heading('二、提交本次会议的督办事项（未办结及逾期）Carried action items');
  table(
    [
      { header: '事项', w: 6 },
      { header: '牵头单位', w: 4 },
      { header: '期限', w: 2.2 },
      { header: '状态', w: 2.2 },
    ],
    p.carried.map((i) => [i.title, i.lead, i.dueOn, `${statusZh(i.status)}${i.overdue ? ' · 逾期' : ''}`]),
  );
  heading(`三、上次会议决定事项 Decisions of the previous meeting${p.previous ? `（${p.previous.day}）` : ''}`);
  table(
    [
      { header: '决定', w: 5 },
      { header: '督办事项（牵头单位，期限，状态）', w: 7 },
    ],
    (p.previous?.decisions ?? []).map((d) => [d.text, d.items.map((i) => `${i.title}（${i.lead}，${i.dueOn}，${statusZh(i.status)}）`).join('\n') || '—']),
  );
  heading('四、出席情况 Attendance');
  table(
    [
      { header: '成员单位', w: 7 },
      { header: '出席', w: 3 },
    ],
    p.attendance.map((a) => [a.org, a.status]),
  );
  heading('五、重大项目进展 Project status');
  table(
    [
      { header: '项目', w: 6 },
      { header: '牵头单位', w: 4 },
      { header: '进度', w: 1.5 },
      { header: '状态', w: 1.8 },
      { header: '结束', w: 2.2 },
    ],
    p.projects.map((x) => [x.title, x.lead, `${x.progress}%`, healthZh(x.health), x.endsOn]),
  );
  doc.moveDown(1).fontSize(8).fillColor('#777').text(`${p.printedBy} · ${p.printedAt}`, left, doc.y, { width, align: 'right' });
  doc.end();
  await done;
  return Buffer.concat(chunks);
}
