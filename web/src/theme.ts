import type { ThemeConfig } from 'antd';

/**
 * Colours chosen for WCAG AA on white (small text ≥ 4.5:1): antd's default blue #1677ff is 4.1:1,
 * #0b57d0 is 6.4:1; secondary and description text are darkened for the same reason.
 */
export const PRIMARY = '#0b57d0';

/** `reducedMotion`: the system asks for it (prefers-reduced-motion); elder mode turns motion off as well. */
export type ThemeMode = { largeFont: boolean; elder?: boolean; contrast?: boolean; portal?: boolean; reducedMotion?: boolean };

/** High contrast: black text on white, ≥ 7:1 for every text and control colour (#003a8c on white is 11:1). */
const CONTRAST_PRIMARY = '#003a8c';

export function buildTheme(mode: ThemeMode): ThemeConfig {
  const base = buildBase(mode.largeFont || !!mode.elder);
  const token = { ...base.token };
  const components = { ...base.components };
  if (mode.reducedMotion) Object.assign(token, { motion: false });
  if (mode.elder) {
    // 适老化: line spacing ≥ 1.5 and larger controls; on the phone-first portal, targets of at least 60 px.
    Object.assign(token, {
      lineHeight: 1.6,
      controlHeight: mode.portal ? 60 : 40,
      controlHeightLG: mode.portal ? 64 : 48,
      controlHeightSM: mode.portal ? 48 : 32,
      motion: false,
    });
  }
  if (mode.contrast) {
    Object.assign(token, {
      colorPrimary: CONTRAST_PRIMARY,
      colorLink: CONTRAST_PRIMARY,
      colorInfo: CONTRAST_PRIMARY,
      colorPrimaryHover: '#002766',
      colorLinkHover: '#002766',
      colorText: '#000000',
      colorTextHeading: '#000000',
      colorTextSecondary: '#1f1f1f',
      colorTextTertiary: '#262626',
      colorTextDescription: '#262626',
      colorTextPlaceholder: '#404040',
      colorTextQuaternary: '#404040',
      colorTextDisabled: '#404040',
      colorBorder: '#000000',
      colorBorderSecondary: '#595959',
      colorSplit: '#595959',
      colorBgLayout: '#ffffff',
      colorSuccess: '#0a5c26',
      colorWarning: '#6b3a00',
      colorError: '#8c1d18',
      lineWidthFocus: 3,
    });
    components.Layout = { ...components.Layout, siderBg: '#000000' };
    components.Menu = {
      ...components.Menu,
      darkItemBg: '#000000',
      darkSubMenuItemBg: '#000000',
      darkItemColor: '#ffffff',
      darkItemSelectedBg: '#ffffff',
      darkItemSelectedColor: '#000000',
    };
    components.Table = { headerColor: '#000000', headerBg: '#e6e6e6', borderColor: '#595959' };
  }
  return { ...base, token, components };
}

function buildBase(largeFont: boolean) {
  const fontSize = largeFont ? 18 : 14;
  return {
    cssVar: { key: 'qh' },
    token: {
      colorPrimary: PRIMARY,
      colorLink: PRIMARY,
      // Hover and active shades are darker, not lighter, so white-on-primary and link text keep ≥ 4.5:1.
      colorPrimaryHover: '#0842a0',
      colorPrimaryActive: '#063282',
      colorLinkHover: '#0842a0',
      colorLinkActive: '#063282',
      colorErrorHover: '#8c1d18',
      colorErrorActive: '#6e1612',
      colorInfo: PRIMARY,
      colorSuccess: '#137333',
      colorWarning: '#8a4b00',
      colorError: '#b3261e',
      // Light backgrounds stay light although the base colours above are dark.
      colorWarningBg: '#fff4e5',
      colorWarningBorder: '#e8a33d',
      colorErrorBg: '#fdecea',
      colorErrorBorder: '#e59a95',
      colorSuccessBg: '#e6f4ea',
      colorSuccessBorder: '#81c995',
      colorTextSecondary: 'rgba(0, 0, 0, 0.72)',
      colorTextTertiary: 'rgba(0, 0, 0, 0.64)',
      colorTextDescription: 'rgba(0, 0, 0, 0.64)',
      colorTextPlaceholder: 'rgba(0, 0, 0, 0.56)',
      colorTextQuaternary: 'rgba(0, 0, 0, 0.5)',
      colorBorder: '#8c8c8c',
      fontSize,
      fontFamily:
        "-apple-system, BlinkMacSystemFont, 'Segoe UI', 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Source Han Sans SC', 'WenQuanYi Micro Hei', sans-serif",
      borderRadius: 4,
    },
    components: {
      Layout: { siderBg: '#0f2a4a', headerBg: '#ffffff', headerPadding: '0 24px', headerHeight: largeFont ? 72 : 64 },
      Menu: {
        darkItemBg: '#0f2a4a',
        darkSubMenuItemBg: '#0b2039',
        darkItemColor: 'rgba(255, 255, 255, 0.88)',
        darkItemHoverColor: '#ffffff',
        darkItemSelectedBg: PRIMARY,
        darkItemSelectedColor: '#ffffff',
      },
      Table: { headerColor: 'rgba(0, 0, 0, 0.88)' } as Record<string, string>,
    },
  };
}
