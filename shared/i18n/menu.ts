/** Labels of the native menus (the main process builds them), zh-CN with English beside it. */
export const MENU_LABELS = {
  'zh-CN': {
    file: '文件', newLedger: '新建台账…', openLedger: '打开台账…', import: '导入花名册…', export: '导出与报表…',
    backup: '备份…', restore: '恢复…', quit: '退出',
    edit: '编辑', undo: '撤销', redo: '重做', cut: '剪切', copy: '复制', paste: '粘贴', selectAll: '全选', find: '查找',
    view: '视图', payments: '发放台账', people: '人员档案', settings: '设置', zoomIn: '放大', zoomOut: '缩小', resetZoom: '实际大小', fullScreen: '全屏',
    help: '帮助', about: '关于帮扶台账', dataFolder: '打开数据文件夹',
    ledgerFilter: '帮扶台账文件', allFiles: '所有文件',
  },
  en: {
    file: 'File', newLedger: 'New ledger…', openLedger: 'Open ledger…', import: 'Import roster…', export: 'Export & forms…',
    backup: 'Back up…', restore: 'Restore…', quit: 'Quit',
    edit: 'Edit', undo: 'Undo', redo: 'Redo', cut: 'Cut', copy: 'Copy', paste: 'Paste', selectAll: 'Select all', find: 'Find',
    view: 'View', payments: 'Payments', people: 'People', settings: 'Settings', zoomIn: 'Zoom in', zoomOut: 'Zoom out', resetZoom: 'Actual size', fullScreen: 'Full screen',
    help: 'Help', about: 'About Relief Ledger', dataFolder: 'Open data folder',
    ledgerFilter: 'Relief Ledger files', allFiles: 'All files',
  },
} as const satisfies Record<'zh-CN' | 'en', Record<string, string>>;

export type MenuLabels = (typeof MENU_LABELS)['zh-CN'];
