import type { ThemeConfig } from 'antd';

/**
 * Colours chosen for WCAG AA on white (small text ≥ 4.5:1): antd's default blue #1677ff is 4.1:1,
 * #0b57d0 is 6.4:1; secondary and description text are darkened for the same reason.
 */
export const PRIMARY = '#0b57d0';

export function buildTheme(largeFont: boolean): ThemeConfig {
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
      Table: { headerColor: 'rgba(0, 0, 0, 0.88)' },
    },
  };
}
