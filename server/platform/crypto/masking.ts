/**
 * Display masks for personal data, stored beside the ciphertext so lists never decrypt. All lengths count Unicode
 * code points, so a supplementary-plane character such as 𠮷 is never split into half a surrogate pair.
 */

const codePoints = (s: string): string[] => Array.from(s);

/** Keeps `head` leading and `tail` trailing code points and stars the rest; too short a value is starred whole. */
function keepEnds(value: string, head: number, tail: number): string {
  const cps = codePoints(value);
  if (cps.length <= head + tail) return '*'.repeat(cps.length);
  return cps.slice(0, head).join('') + '*'.repeat(cps.length - head - tail) + cps.slice(cps.length - tail).join('');
}

/** `510104199001011234` → `5101**********1234` (first 4, last 4). */
export function maskIdNumber(idNumber: string): string {
  return keepEnds(idNumber, 4, 4);
}

/** `13812341234` → `138****1234` (first 3, last 4). */
export function maskPhone(phone: string): string {
  return keepEnds(phone, 3, 4);
}

/** `张三丰` → `张**`: the first code point stays; a one-character name is starred whole. */
export function maskName(name: string): string {
  return keepEnds(name, 1, 0);
}

/** Keeps the first 6 code points (province, city, district in most addresses) and appends `***`. */
export function maskAddress(address: string): string {
  if (address === '') return '';
  return codePoints(address).slice(0, 6).join('') + '***';
}

/** `zhangsan@example.cn` → `z*******@example.cn`: the first code point of the local part and the domain stay. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at <= 0) return keepEnds(email, 1, 0);
  return keepEnds(email.slice(0, at), 1, 0) + email.slice(at);
}
