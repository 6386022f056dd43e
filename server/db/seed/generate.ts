import { makeCreditCode } from '../../platform/validation/credit-code.js';
import { makeIdNumber } from '../../platform/validation/id-card.js';
import { chinaToday } from '../../platform/time.js';

/** A small deterministic PRNG so demo and seed data are the same on every machine. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;

const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN =
  '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉兰萍红娥玲芬燕彬鹏辉宇浩然子涵梓萱一诺欣怡思远晨曦雨桐俊杰佳怡文博嘉怡浩宇梦琪晓东春梅建国志强海燕丹丹';

/** A clearly fictional Chinese name. */
export function fakeName(r: () => number): string {
  const given = Array.from({ length: r() < 0.6 ? 2 : 1 }, () => pick(r, [...GIVEN])).join('');
  return pick(r, [...SURNAMES]) + given;
}

/** A birth date (YYYYMMDD) of someone aged minAge to maxAge this year in China. */
export function fakeBirth(r: () => number, minAge = 20, maxAge = 60): string {
  const year = Number(chinaToday().slice(0, 4)) - minAge - Math.floor(r() * (maxAge - minAge));
  const month = 1 + Math.floor(r() * 12);
  const day = 1 + Math.floor(r() * 28);
  return `${year}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}`;
}

/** A checksum-valid ID number in the given district; the sequence digits keep it unique within a run. */
export function fakeIdNumber(districtCode: string, birth: string, seq: number): string {
  return makeIdNumber(districtCode.slice(0, 6), birth, String(seq % 1000).padStart(3, '0'));
}

export function fakePhone(r: () => number): string {
  return `1${pick(r, ['38', '39', '58', '59', '88', '36', '77', '99'])}${String(Math.floor(r() * 1e8)).padStart(8, '0')}`;
}

const FIRM_WORDS = ['蜀锦', '天府', '锦城', '芙蓉', '熊猫', '青城', '蓉城', '金沙', '银杏', '望江', '浣花', '龙泉', '岷江', '峨眉', '春熙', '宽窄'];
const FIRM_KINDS = ['科技', '智能制造', '物流', '餐饮管理', '建设工程', '电子', '生物医药', '软件', '文化传媒', '商贸', '新能源', '环保'];

export function fakeFirm(r: () => number, seq: number): { name: string; creditCode: string } {
  const name = `成都${pick(r, FIRM_WORDS)}${pick(r, FIRM_KINDS)}有限公司${seq > 0 ? `（第${seq}分公司）` : ''}`;
  const body = `91510100MA${String(Math.floor(r() * 1e7)).padStart(7, '0')}`.replace(/[IOSVZ]/g, 'A');
  return { name, creditCode: makeCreditCode(body) };
}

export type OrgTypeCode = 'union' | 'league' | 'women' | 'scitech' | 'disabled' | 'returnees' | 'coordination';

/** The name a unit of a type takes at a region level. */
export function orgName(type: OrgTypeCode, level: string, regionName: string): string {
  const names: Record<OrgTypeCode, Record<string, string>> = {
    union: { city: '成都市总工会', district: `${regionName}总工会`, street: `${regionName}总工会`, community: `${regionName}工会联合会` },
    league: { city: '共青团成都市委员会', district: `共青团${regionName}委员会`, street: `共青团${regionName}工作委员会`, community: `${regionName}团支部` },
    women: { city: '成都市妇女联合会', district: `${regionName}妇女联合会`, street: `${regionName}妇女联合会`, community: `${regionName}妇女联合会` },
    scitech: { city: '成都市科学技术协会', district: `${regionName}科学技术协会`, street: `${regionName}科学技术协会`, community: `${regionName}科普小组` },
    disabled: { city: '成都市残疾人联合会', district: `${regionName}残疾人联合会`, street: `${regionName}残疾人联合会`, community: `${regionName}残疾人协会` },
    returnees: { city: '成都市归国华侨联合会', district: `${regionName}归国华侨联合会`, street: `${regionName}侨联小组`, community: `${regionName}侨之家` },
    coordination: {
      city: '成都市群团工作联席会议办公室',
      district: `${regionName}群团工作联席会议办公室`,
      street: `${regionName}群团工作站`,
      community: `${regionName}群团工作站`,
    },
  };
  return names[type][level] ?? `${regionName}${type}`;
}

export function enterpriseOrgName(type: OrgTypeCode, firm: string): string {
  if (type === 'union') return `${firm}工会委员会`;
  if (type === 'league') return `${firm}团委`;
  if (type === 'women') return `${firm}妇女委员会`;
  if (type === 'scitech') return `${firm}科学技术协会`;
  return `${firm}${type === 'disabled' ? '残疾职工小组' : '侨联小组'}`;
}
