import type { CSSProperties } from 'react';

/** Tag colours with at least 4.5:1 contrast on their background (antd's preset light tags fall short). */
export const TAG: Record<'ok' | 'wait' | 'bad' | 'info' | 'muted', CSSProperties> = {
  ok: { color: '#0d5323', background: '#e6f4ea', borderColor: '#137333' },
  wait: { color: '#6b3a00', background: '#fff4e0', borderColor: '#a15c00' },
  bad: { color: '#8c1d18', background: '#fdecea', borderColor: '#b3261e' },
  info: { color: '#0b3d91', background: '#e8f0fe', borderColor: '#0b57d0' },
  muted: { color: '#3c4043', background: '#eceff1', borderColor: '#80868b' },
};
