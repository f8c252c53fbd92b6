import { beforeAll, describe, expect, it } from 'vitest';
import type { Library } from '../../src/library/library.ts';
import { type ParsedFile, parseSeedText } from '../../src/library/parse-file.ts';
import { chunksOf, chunksQuoting, normalize, seedLibrary, seedName, seedText } from './seeds.ts';

/** The table of contents of 000, as printed there (page numbers left out). */
const TOC_TITLES = [
  '国务院《关于开展营商环境创新试点工作的意见》',
  '国务院《提升中小企业竞争力若干措施》',
  '国家发改委、能源局《售电公司管理办法》',
  '国家海关《核准出口商管理办法》',
  '国家文化和旅游部办公厅《关于进一步优化文化和旅游系统政务服务便民热线的通知》',
  '安徽省《优化营商环境条例》',
  '贵州省《优化营商环境条例》',
  '黑龙江省《关于进一步完善失信约束制度构建诚信建设长效机制的若干措施》',
  '湖北省《破解营商环境顽瘴痼疾集中攻坚若干措施》',
  '湖北省《“一业一证”改革实施方案》',
  '湖南省《深化“放管服”改革助推“五好”园区建设二十条措施》',
  '山西省《“十四五”“六最”营商环境建设规划》',
  '青海省《关于进一步深化“证照分离”改革激发市场主体发展活力的通知》',
  '广东省广州市《持续优化用气营商环境行动方案》',
  '广东省江门市《全力打造粤港澳大湾区一流营商环境若干措施》',
  '重庆市万州区《关于深化政府采购改革优化营商环境有关事项的通知》',
  '山东省临沂市海关《关于进一步做好深化“放管服”改革 优化口岸营商环境促进外贸发展的意见》',
  '浙江省永康市《减负惠企优化营商环境二十一条举措》',
];

let lib: Library;
beforeAll(async () => {
  lib = await seedLibrary();
});

describe('library documents', () => {
  describe('a compilation with a table of contents (000)', () => {
    const text = seedText('000');
    const tocStart = text.indexOf('目录');
    const lastEntry = '浙江省永康市《减负惠企优化营商环境二十一条举措》\t211';
    const tocEnd = text.indexOf(lastEntry) + lastEntry.length;
    let parsed: ParsedFile;
    beforeAll(() => {
      parsed = parseSeedText(seedName('000'), text);
    });

    it('should find the table of contents in the seed (fixture check)', () => {
      expect(tocStart).toBeGreaterThan(0);
      expect(tocEnd).toBeGreaterThan(tocStart + lastEntry.length);
    });

    it('should make each of the 18 listed titles a document, in the order of the list', () => {
      const afterToc = parsed.documents.filter((doc) => (parsed.chunks.find((chunk) => chunk.docId === doc.id)?.start ?? -1) > tocEnd);
      expect(afterToc.map((doc) => normalize(doc.title))).toEqual(TOC_TITLES.map(normalize));
    });

    it('should keep the exact listed titles, only the PDF space between Chinese words dropped', () => {
      const titles = new Set(parsed.documents.map((doc) => doc.title));
      for (const title of TOC_TITLES) expect(titles, title).toContain(title.replace(/(?<=\p{Script=Han}) (?=\p{Script=Han})/gu, ''));
    });

    it('should have no other document than the 18 and the cover page before the table of contents', () => {
      expect(parsed.documents).toHaveLength(19);
      const cover = parsed.chunks.filter((chunk) => chunk.start < tocStart);
      expect(cover.every((chunk) => chunk.docTitle === '每周营商环境政策汇编')).toBe(true);
    });

    it('should leave the table of contents out of every chunk', () => {
      for (const chunk of parsed.chunks) expect(chunk.end <= tocStart || chunk.start >= tocEnd, chunk.clause).toBe(true);
      const entries = text.slice(tocStart, tocEnd).split('\n').slice(1).map(normalize).filter(Boolean);
      expect(entries).toHaveLength(18);
      for (const entry of entries) expect(chunksQuoting(parsed.chunks, entry), entry).toEqual([]);
    });

    it('should report exactly the table of contents and the running headers as skipped', () => {
      const inToc = parsed.skipped.filter(([start, end]) => start >= tocStart && end <= tocEnd);
      expect(normalize(inToc.map(([start, end]) => text.slice(start, end)).join(''))).toBe(normalize(text.slice(tocStart, tocEnd)));
      const rest = parsed.skipped.filter((range) => !inToc.includes(range)).map(([start, end]) => text.slice(start, end));
      expect(rest).toEqual(Array(3).fill('营商智库：每周政策汇编（11.22-11.28）'));
    });

    it('should give national documents the region 国家 and provincial ones their province', () => {
      const byTitle = new Map(parsed.documents.map((doc) => [doc.title, doc]));
      expect(byTitle.get('国家发改委、能源局《售电公司管理办法》')?.region).toBe('国家');
      expect(byTitle.get('贵州省《优化营商环境条例》')?.region).toBe('贵州');
      expect(byTitle.get('广东省江门市《全力打造粤港澳大湾区一流营商环境若干措施》')?.region).toBe('广东');
    });
  });

  describe('numbered titles that wrap onto the next line (002, 004)', () => {
    it('should join the title of 002 that wraps after 实施 and read its date, number and region', () => {
      const doc = lib.documents.find((d) => d.source === seedName('002') && d.title.startsWith('陕西省人民政府办公厅关于深入推进跨部门综合监管'));
      expect(doc).toMatchObject({
        title: '陕西省人民政府办公厅关于深入推进跨部门综合监管的实施意见',
        issuer: '陕西省人民政府办公厅',
        region: '陕西',
        date: '2023-06-03',
        docNumber: '陕政办发〔2023〕11号',
      });
      expect(doc?.pages?.[0]).toBe(1479);
    });

    it('should join a title of 004 that wraps across a page marker', () => {
      const doc = lib.documents.find((d) => d.title === '吉林省地方金融监督管理局关于印发2023年营商环境优化提升实施方案的通知');
      expect(doc).toMatchObject({ source: seedName('004'), region: '吉林', date: '2023-06-20', pages: [1230, 1234] });
    });

    it('should date every document of 002 and 004, and never leave the date in the title', () => {
      const docs = lib.documents.filter((d) => d.source === seedName('002') || d.source === seedName('004'));
      expect(docs.length).toBeGreaterThan(40);
      for (const doc of docs) {
        expect(doc.date, doc.title).toMatch(/^\d{4}-\d{2}-\d{2}$/u);
        expect(doc.title).not.toMatch(/[（(]\s*\d{4}\s*年\s*\d{1,2}\s*月[^）)]*[）)]$/u);
      }
    });

    it('should take the region from the province section a document sits in', () => {
      const regions = new Set(lib.documents.filter((d) => d.source === seedName('002')).map((d) => d.region));
      // 甘孜 is a prefecture of 四川 that the compilation files under 甘肃: it keeps its own province.
      expect(regions).toEqual(new Set(['陕西', '宁夏', '甘肃', '四川', '新疆']));
    });
  });

  describe('numbered items inside a document (003)', () => {
    const text = seedText('003');
    const enclosing = '广东省人民政府办公厅关于印发广东省进一步强化市场主体诉求响应服务工作方案的通知';
    const from = text.indexOf(`4. ${enclosing}`);
    const to = text.indexOf('\n5. 国家税务总局广东省税务局');

    it('should not make `1. 推进诉求服务标准化` a document', () => {
      const titles = lib.documents.map((doc) => doc.title);
      expect(titles.filter((title) => title.includes('推进诉求服务标准化'))).toEqual([]);
      expect(titles).toContain(enclosing);
    });

    it('should keep the item in its document, under its heading', () => {
      const [first, second] = chunksQuoting(chunksOf(lib, '003'), '1. 推进诉求服务标准化');
      expect(first).toMatchObject({ docTitle: enclosing, clause: '二、重点任务 › （一） › 1.' });
      // The same list recurs in 佛山's copy of the plan, which is its own document.
      expect(second).toMatchObject({ docTitle: '佛山市人民政府办公室关于印发佛山市进一步强化市场主体诉求响应服务工作方案的通知' });
    });

    it('should keep every chunk between the title and the next numbered title in the one document', () => {
      expect(from).toBeGreaterThan(0);
      expect(to).toBeGreaterThan(from);
      const inside = chunksOf(lib, '003').filter((chunk) => chunk.start >= from && chunk.end <= to);
      expect(inside.length).toBeGreaterThan(10);
      expect(new Set(inside.map((chunk) => chunk.docTitle))).toEqual(new Set([enclosing]));
    });

    it('should never take a sentence for a title', () => {
      for (const doc of lib.documents) expect(doc.title, doc.title).not.toMatch(/[。；]/u);
    });

    it('should never show a seed file name in a title, not even of a document begun in an earlier volume', () => {
      for (const doc of lib.documents) expect(doc.title).not.toMatch(/\d{3}_[0-9a-f]{16}/u);
      expect(lib.documents.find((doc) => doc.source === seedName('003'))?.title).toBe('续前卷文件（标题在前一卷）');
    });
  });

  describe('a single document with its own cover lines (001)', () => {
    it('should make the whole file one document with its number and date', () => {
      const docs = lib.documents.filter((doc) => doc.source === seedName('001'));
      expect(docs).toHaveLength(1);
      expect(docs[0]).toMatchObject({ docNumber: '永政发[2022]8号', date: '2022-04-02', region: '山西' });
      expect(docs[0]?.title).toContain('营商环境建设规划');
    });
  });
});
