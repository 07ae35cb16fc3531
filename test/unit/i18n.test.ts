import { describe, expect, it } from 'vitest';
import { localeFor } from '../../src/domain/locale.js';
import { enUS } from '../../src/i18n/en-US.js';
import { zhCN } from '../../src/i18n/zh-CN.js';

describe('catalogs', () => {
  it('have the same keys in both languages, none empty', () => {
    expect(Object.keys(zhCN).sort()).toEqual(Object.keys(enUS).sort());
    for (const catalog of [enUS, zhCN]) for (const value of Object.values(catalog)) expect(typeof value === 'function' || value.length > 0).toBe(true);
  });

  it('zh-CN messages are actually Chinese where the English is a sentence', () => {
    const cjk = /[\u4e00-\u9fff]/;
    for (const [key, en] of Object.entries(enUS)) {
      const zh = zhCN[key as keyof typeof zhCN];
      const sample = typeof zh === 'function' ? (zh as (p: Record<string, unknown>) => string)({ ms: 1, topic: 't', difficulty: 'd', choice: 'c', incident: 'i' }) : zh;
      const english = typeof en === 'function' ? 'sentence here' : en;
      if (english.split(' ').length > 2) expect(sample, key).toMatch(cjk);
    }
  });
});

describe('localeFor', () => {
  it.each([
    ['zh-CN', 'zh-CN'],
    ['zh-TW', 'zh-CN'],
    ['en-US', 'en-US'],
    ['en-GB', 'en-US'],
    ['fr', 'en-US'],
    [undefined, 'en-US'],
  ])('%s -> %s', (discord, expected) => {
    expect(localeFor(discord)).toBe(expected);
  });
});
