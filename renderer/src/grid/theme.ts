import { themeQuartz } from 'ag-grid-community';

/** The grid's look: compact rows for all-day keying, CJK-friendly fonts. */
export const gridTheme = themeQuartz.withParams({
  fontFamily: ['"Microsoft YaHei"', '"PingFang SC"', '"Noto Sans CJK SC"', '"WenQuanYi Zen Hei"', 'sans-serif'],
  fontSize: 13,
  rowHeight: 28,
  headerHeight: 32,
  spacing: 4,
  headerFontWeight: 600,
  accentColor: '#b3261e',
});
