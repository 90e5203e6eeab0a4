/**
 * build.zip as `npm run package` makes it (scripts/package.js: production dependencies only, checked by
 * loading it through zapierwrapper.js): its size, file count and biggest parts. The zip is rebuilt when
 * it is missing or older than dist/.
 *
 *   packageSize(): PackageResult
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './lib';

export interface PackageResult {
  zip_bytes: number;
  files: number;
  rebuilt: boolean;
  /** Compressed bytes per top-level part (a node_modules package, dist/, …), biggest first. */
  biggest: Array<{ part: string; bytes: number }>;
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function partOf(name: string): string {
  const parts = name.split('/');
  const at = parts.lastIndexOf('node_modules');
  if (at < 0) return parts.length > 1 ? `${parts[0]}/` : name;
  const pkg = parts[at + 1] ?? '';
  return pkg.startsWith('@') ? `${pkg}/${parts[at + 2]}` : pkg;
}

export function packageSize(): PackageResult {
  const zipPath = join(REPO_ROOT, 'build', 'build.zip');
  const stale = !existsSync(zipPath) || statSync(zipPath).mtimeMs < newestMtime(join(REPO_ROOT, 'dist'));
  if (stale)
    execFileSync(process.execPath, [join(REPO_ROOT, 'scripts', 'package.js')], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const AdmZip = require('adm-zip') as new (path: string) => {
    getEntries(): Array<{ entryName: string; isDirectory: boolean; header: { compressedSize: number } }>;
  };
  const entries = new AdmZip(zipPath).getEntries().filter((e) => !e.isDirectory);
  const byPart = new Map<string, number>();
  for (const entry of entries)
    byPart.set(partOf(entry.entryName), (byPart.get(partOf(entry.entryName)) ?? 0) + entry.header.compressedSize);
  return {
    zip_bytes: statSync(zipPath).size,
    files: entries.length,
    rebuilt: stale,
    biggest: [...byPart]
      .map(([part, bytes]) => ({ part, bytes }))
      .sort((a, b) => b.bytes - a.bytes)
      .slice(0, 8),
  };
}
