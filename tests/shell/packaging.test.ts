/** electron-builder.yml ships what a clerk's PC needs, for the targets the issue names. */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.join(import.meta.dirname, '..', '..');
const yml = fs.readFileSync(path.join(ROOT, 'electron-builder.yml'), 'utf8');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { main: string; dependencies: Record<string, string>; devDependencies: Record<string, string>; scripts: Record<string, string>; engines: { node: string } };

describe('packaging', () => {
  it('names the product and app id, and builds Windows NSIS + portable x64, Linux AppImage + deb for x64 and arm64', () => {
    expect(yml).toMatch(/^productName: 幫扶台賬$/m);
    expect(yml).toMatch(/^appId: \S+$/m);
    expect(yml).toMatch(/target: nsis\s+arch: \[x64\]/);
    expect(yml).toMatch(/target: portable\s+arch: \[x64\]/);
    expect(yml).toMatch(/target: AppImage\s+arch: \[x64, arm64\]/);
    expect(yml).toMatch(/target: deb\s+arch: \[x64, arm64\]/);
    expect(yml).toMatch(/icon: build\/icon\.png/);
    expect(fs.existsSync(path.join(ROOT, 'build', 'icon.png'))).toBe(true);
  });

  it("unpacks better-sqlite3's prebuilt binaries from the asar and ships no other node_modules", () => {
    expect(yml).toMatch(/asarUnpack:\s+- node_modules\/better-sqlite3\/prebuilds\/\*\*/);
    expect(yml).toMatch(/"!node_modules\/\*\*"/);
    expect(yml).toMatch(/npmRebuild: false/);
    // React, AG Grid and ECharts are bundled by Vite: they are build-time dependencies only.
    for (const name of ['react', 'react-dom', 'ag-grid-community', 'ag-grid-react', 'echarts', 'electron']) {
      expect(pkg.dependencies[name], name).toBeUndefined();
      expect(pkg.devDependencies[name], name).toBeDefined();
    }
    expect(pkg.dependencies['better-sqlite3']).toMatch(/^\^13\./);
    expect(pkg.main).toBe('dist/main/main.js');
    expect(pkg.engines.node).toBe('>=22.14');
    expect(pkg.scripts.dist).toContain('electron-builder');
  });
});
