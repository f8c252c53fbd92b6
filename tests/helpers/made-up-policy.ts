/**
 * A policy written for the admin tests, in no seed: a made-up city's measures with numbered clauses, a
 * question that paraphrases one clause (few shared words), and the same text as a Word file.
 */
import { Document, Packer, Paragraph } from 'docx';

export const POLICY_TITLE = '云溪市跨境电子商务发展扶持办法';

export const POLICY_LINES: readonly string[] = Object.freeze([
  POLICY_TITLE,
  '云政办发〔2026〕12号',
  '云溪市人民政府办公室',
  '2026年1月5日',
  '第一条 为加快本市跨境电子商务发展，培育外贸新业态，制定本办法。',
  '第二条 本办法适用于在云溪市注册登记、依法纳税的跨境电子商务企业。',
  '第三条 对年度跨境电子商务进出口额首次突破5000万元的企业，给予一次性奖励30万元。',
  '第四条 企业在境外租用海外仓面积超过2000平方米的，按实际租金的30%给予补贴，每家企业每年最高100万元。',
  '第五条 对新引进的跨境电子商务专业人才，给予每人每月2000元生活补贴，期限不超过三年。',
  '第六条 本办法由云溪市商务局负责解释，自2026年2月1日起施行，有效期三年。',
]);

export const POLICY_TEXT = `${POLICY_LINES.join('\n')}\n`;

/** Asks for 第四条 in other words: 国外 for 境外, 仓库 for 海外仓, 拿 for 给予. */
export const PARAPHRASE = '在国外租仓库的企业一年最多能拿多少钱？';
export const PARAPHRASE_CLAUSE = '第四条';

/** The policy as a .docx, one paragraph a line, made with the `docx` package. */
export function policyDocx(): Promise<Buffer> {
  return Packer.toBuffer(new Document({ sections: [{ children: POLICY_LINES.map((line) => new Paragraph(line)) }] }));
}

/** A PDF of one empty page: what a scan without a text layer looks like to a text extractor. */
export function pdfWithoutText(): Buffer {
  const objects = ['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [3 0 R] /Count 1 >>', '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>'];
  let body = '%PDF-1.4\n';
  const offsets = objects.map((object, i) => {
    const offset = body.length;
    body += `${i + 1} 0 obj\n${object}\nendobj\n`;
    return offset;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}
