import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { type InventoryEntry, type InventoryScore, readInventory, scoreInventory } from '../../src/eval/inventory.ts';
import type { Library } from '../../src/library/library.ts';
import { REPO_ROOT, chunksOf, normalize, seedLibrary } from './seeds.ts';

/** The inventory's target for each field, of the documents that state it. */
const REQUIRED_SHARE = 0.98;

let lib: Library;
let entries: InventoryEntry[];
let score: InventoryScore;
beforeAll(async () => {
  lib = await seedLibrary();
  entries = await readInventory(path.join(REPO_ROOT, 'eval', 'documents.jsonl'));
  score = scoreInventory(entries, lib.documents);
});

const docTitled = (start: string) => lib.documents.find((doc) => normalize(doc.title).startsWith(normalize(start)));

describe('library documents against the hand-checked inventory (eval/documents.jsonl)', () => {
  it('should read the 108 documents of the inventory (fixture check)', () => {
    expect(entries).toHaveLength(108);
    expect(score.titled).toBe(107);
  });

  it('should find all 107 titled documents, each with its exact title', () => {
    expect(score.missing).toEqual([]);
    expect(score.found).toBe(107);
  });

  for (const field of ['title', 'date', 'docNumber', 'region', 'city', 'issuer', 'status'] as const) {
    it(`should give the right ${field} for at least ${REQUIRED_SHARE * 100} % of the documents that state one`, () => {
      const { of, right, wrong } = score.fields[field];
      expect(of).toBeGreaterThan(60);
      expect(right / of, wrong.join('\n')).toBeGreaterThanOrEqual(REQUIRED_SHARE);
    });
  }

  it('should give no 文号 or date to a document that states none (not those of the documents it cites)', () => {
    expect(score.fields.docNumber.spurious).toEqual([]);
    expect(score.fields.date.spurious).toEqual([]);
  });

  describe('titles wrapped over many lines after their number (002, regression)', () => {
    it('should make 兰州, 庆阳 and 甘孜 documents of their own, not part of 白银 before them', () => {
      const baiyin = docTitled('白银市人民政府关于印发');
      const baiyinText = normalize(chunksOf(lib, '002').filter((chunk) => chunk.docId === baiyin?.id).map((chunk) => chunk.text).join(''));
      for (const number of ['兰政办发〔2023〕37号', '庆政办发〔2023〕11号', '甘办发〔2023〕27号']) expect(baiyinText).not.toContain(number);
      expect(docTitled('兰州市人民政府办公室关于印发《兰州市破除隐性壁垒')).toMatchObject({ docNumber: '兰政办发〔2023〕37号', date: '2023-02-28', city: '兰州市' });
      expect(docTitled('庆阳市人民政府办公室')).toMatchObject({ docNumber: '庆政办发〔2023〕11号', date: '2023-02-10' });
    });

    it('should join a title split inside a quotation mark (`“放` / `管服”`)', () => {
      expect(docTitled('甘孜藏族自治州')?.title).toBe('甘孜藏族自治州人民政府办公室关于印发甘孜州深化“放管服”改革优化营商环境2023年工作要点的通知');
    });

    it('should keep a prefecture filed under another province section in its own province (甘孜 of 四川, in 甘肃)', () => {
      expect(docTitled('甘孜藏族自治州')).toMatchObject({ region: '四川', city: '甘孜藏族自治州' });
    });
  });

  describe('文号 and places', () => {
    it('should read a 文号 written with （2023）', () => {
      expect(docTitled('广东省人民政府办公厅关于印发广东省培育扶持个体工商户')?.docNumber).toBe('粤办函（2023）12号');
    });

    it('should give a city document its province and city, a county-level one too', () => {
      expect(docTitled('重庆市万州区')).toMatchObject({ region: '重庆', city: '万州区' });
      expect(docTitled('永济市人民政府')).toMatchObject({ region: '山西', city: '永济市' });
      expect(docTitled('国家税务总局黑龙江省税务局')).toMatchObject({ region: '黑龙江', city: null });
      expect(docTitled('国务院《关于开展营商环境创新试点工作的意见》')).toMatchObject({ region: '国家', city: null });
    });
  });
});
