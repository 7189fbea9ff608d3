#!/usr/bin/env node
/**
 * npm start: build, then launch Electron on the built app. Where the Electron
 * binary is not installed (it is downloaded on first run, and this machine may
 * have no network), say so plainly instead of printing a stack trace.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.join(import.meta.dirname, '..');
if (process.env.RELIEF_SKIP_BUILD !== '1') {
  const built = spawnSync(process.execPath, [path.join(root, 'scripts', 'build.mjs')], { stdio: 'inherit' });
  if (built.status !== 0) process.exit(built.status ?? 1);
}

function electronBinary() {
  const dir = path.join(root, 'node_modules', 'electron');
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH) {
    const p = path.join(process.env.ELECTRON_OVERRIDE_DIST_PATH, process.platform === 'win32' ? 'electron.exe' : 'electron');
    return fs.existsSync(p) ? p : null;
  }
  const pathFile = path.join(dir, 'path.txt');
  if (!fs.existsSync(pathFile)) return null;
  const p = path.join(dir, 'dist', fs.readFileSync(pathFile, 'utf8').trim());
  return fs.existsSync(p) ? p : null;
}

let binary = electronBinary();
if (!binary && !process.env.ELECTRON_OVERRIDE_DIST_PATH) {
  // Electron downloads its binary on first run; try once, quietly.
  const tried = spawnSync(process.execPath, [path.join(root, 'node_modules', 'electron', 'install.js')], { stdio: 'ignore', timeout: 120_000 });
  binary = tried.status === 0 ? electronBinary() : null;
}
if (!binary) {
  console.error(`
无法启动帮扶台账：本机没有 Electron 运行文件。
Electron 在第一次启动时需要从网络下载运行文件，而这台电脑无法下载（没有网络或网络受限）。

可以这样做：
  • 在能上网的电脑上运行 npm install 和 npm start，或安装打包好的程序（npm run dist 生成）；
  • 或者把已下载的 Electron 解压到某个文件夹，设置 ELECTRON_OVERRIDE_DIST_PATH=该文件夹 后再运行 npm start；
  • 不需要界面时，可以用命令行：npm run ledger -- --help；在浏览器中使用界面：npm run dev:web。

Cannot start Relief Ledger: the Electron binary is not installed and could not be downloaded
(Electron fetches it on first run; this machine has no access to it). See the options above.
`);
  process.exit(1);
}
const child = spawn(binary, [root], { stdio: 'inherit' });
child.on('exit', (code) => process.exit(code ?? 0));
