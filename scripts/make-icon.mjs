#!/usr/bin/env node
// Renders build/icon.svg to build/icon.png (512×512) with Debian's Chromium; electron-builder
// derives the Windows .ico and the Linux sizes from the PNG. Run after editing the SVG.
import path from 'node:path';
import fs from 'node:fs';
import { chromium } from 'playwright-core';

const root = path.join(import.meta.dirname, '..');
const svg = fs.readFileSync(path.join(root, 'build', 'icon.svg'), 'utf8');
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
const page = await browser.newPage({ viewport: { width: 512, height: 512 } });
await page.setContent(`<html><body style="margin:0;background:transparent">${svg}</body></html>`);
await page.screenshot({ path: path.join(root, 'build', 'icon.png'), omitBackground: true });
await browser.close();
console.log('build/icon.png');
