// What the browser tests and the browser benchmark share: Debian's Chromium through
// playwright-core, temporary copies of the site, and wasm builds of other corpora.

import { spawn } from 'node:child_process';
import { cp, mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { chromium } from 'playwright-core';

export const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const www = path.join(repo, 'www');

// Never a downloaded browser: the system's, with nothing that would reach the network.
const CHROMIUM = process.env.SOU_CHROMIUM ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

/** Chromium, headless. Playwright gives every launch a fresh temporary profile (user-data-dir). */
export function launchBrowser() {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true }).catch((error) => {
    throw new Error(`cannot start ${CHROMIUM} (make browser-tools installs it): ${error.message}`);
  });
}

/** A temporary copy of www/ (without pkg/ and dist/ unless `withBuild`), for tests that add or rebuild files. */
export async function copySite({ withBuild = true } = {}) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'sou-site-'));
  await cp(www, dir, {
    recursive: true,
    filter: (source) => withBuild || !/[\\/](pkg|dist)$/.test(source),
  });
  return dir;
}

/** Builds the wasm of corpus `corpus` into `outDir` with scripts/build-wasm.sh; rejects with its output on failure. */
export function buildWasm(corpus, outDir) {
  return new Promise((resolve, reject) => {
    const env = { ...process.env, SOU_CORPUS: corpus, SOU_BASE_URL: '', SOU_URL_SUFFIX: '' };
    const child = spawn(path.join(repo, 'scripts/build-wasm.sh'), [outDir], { cwd: repo, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    child.stdout.on('data', (chunk) => (log += chunk));
    child.stderr.on('data', (chunk) => (log += chunk));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(log) : reject(new Error(`build-wasm.sh ${corpus} failed (${code}):\n${log}`))));
  });
}
