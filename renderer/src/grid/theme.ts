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

import { AG_GRID_LOCALE_CN, AG_GRID_LOCALE_EN } from '@ag-grid-community/locale';

/** AG Grid's own texts (filter menus, loading) in the UI language. */
export function gridLocale(language: string): Record<string, string> {
  return language.startsWith('zh') ? AG_GRID_LOCALE_CN : AG_GRID_LOCALE_EN;
}
