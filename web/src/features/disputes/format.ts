/** An amount in yuan with two decimals, or a dash when there is none. */
export const yuan = (n: number | null | undefined): string =>
  n === null || n === undefined ? '—' : n.toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
