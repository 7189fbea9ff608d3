/**
 * The native menus, in Chinese (English beside it in shared/i18n/menu.ts).
 * Pure data with callbacks, so a test can read the structure without Electron.
 */
import type { MenuItemConstructorOptions } from 'electron';
import type { MenuCommand } from '../../shared/contract.ts';
import { MENU_LABELS } from '../../shared/i18n/menu.ts';

export interface MenuActions {
  newLedger(): void;
  openLedger(): void;
  backup(): void;
  restore(): void;
  openDataFolder(): void;
  about(): void;
  /** Forward a command to the renderer (undo, redo, find, copy, paste, navigation…). */
  send(command: MenuCommand): void;
}

export function buildMenu(actions: MenuActions, language: keyof typeof MENU_LABELS = 'zh-CN', isMac = false): MenuItemConstructorOptions[] {
  const l = MENU_LABELS[language];
  return [
    {
      label: l.file,
      submenu: [
        { id: 'newLedger', label: l.newLedger, accelerator: 'CmdOrCtrl+N', click: () => actions.newLedger() },
        { id: 'openLedger', label: l.openLedger, accelerator: 'CmdOrCtrl+O', click: () => actions.openLedger() },
        { type: 'separator' },
        { id: 'import', label: l.import, accelerator: 'CmdOrCtrl+I', click: () => actions.send('import') },
        { id: 'export', label: l.export, accelerator: 'CmdOrCtrl+E', click: () => actions.send('export') },
        { type: 'separator' },
        { id: 'backup', label: l.backup, click: () => actions.backup() },
        { id: 'restore', label: l.restore, click: () => actions.restore() },
        { type: 'separator' },
        { id: 'quit', label: l.quit, role: 'quit', accelerator: isMac ? 'Cmd+Q' : 'Alt+F4' },
      ],
    },
    {
      label: l.edit,
      submenu: [
        // Undo/redo go to the ledger's persistent history, not the text field's.
        { id: 'undo', label: l.undo, accelerator: 'CmdOrCtrl+Z', click: () => actions.send('undo') },
        { id: 'redo', label: l.redo, accelerator: isMac ? 'Cmd+Shift+Z' : 'Ctrl+Y', click: () => actions.send('redo') },
        { type: 'separator' },
        { id: 'cut', label: l.cut, role: 'cut' },
        { id: 'copy', label: l.copy, role: 'copy' },
        { id: 'paste', label: l.paste, role: 'paste' },
        { id: 'selectAll', label: l.selectAll, role: 'selectAll' },
        { type: 'separator' },
        { id: 'find', label: l.find, accelerator: 'CmdOrCtrl+F', click: () => actions.send('find') },
      ],
    },
    {
      label: l.view,
      submenu: [
        { id: 'payments', label: l.payments, accelerator: 'CmdOrCtrl+1', click: () => actions.send('navigate:payments') },
        { id: 'people', label: l.people, accelerator: 'CmdOrCtrl+2', click: () => actions.send('navigate:people') },
        { id: 'settings', label: l.settings, click: () => actions.send('navigate:settings') },
        { type: 'separator' },
        { id: 'zoomIn', label: l.zoomIn, role: 'zoomIn' },
        { id: 'zoomOut', label: l.zoomOut, role: 'zoomOut' },
        { id: 'resetZoom', label: l.resetZoom, role: 'resetZoom' },
        { id: 'fullScreen', label: l.fullScreen, role: 'togglefullscreen' },
      ],
    },
    {
      label: l.help,
      submenu: [
        { id: 'dataFolder', label: l.dataFolder, click: () => actions.openDataFolder() },
        { id: 'about', label: l.about, click: () => actions.about() },
      ],
    },
  ];
}
