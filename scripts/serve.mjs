#!/usr/bin/env node
// A tiny static file server for the demo and the browser tests: node's http, no dependencies,
// 127.0.0.1 only, no caching (a rebuilt index shows on reload), no compression (the benchmark
// computes gzip sizes itself).
//
//   node scripts/serve.mjs [dir=www] [port=8765] [--csp]
//
// --csp sends the strict Content-Security-Policy the demo must work under (STRICT_CSP).
// Port 0 picks a free port. Also importable: `const server = await serve(dir, { port, csp })`.

import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const STRICT_CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'";

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm', // instantiateStreaming insists on it
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/plain; charset=utf-8',
  '.ts': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};

/** Serves the files below `dir`; resolves to the listening http.Server (server.url is its address). */
export async function serve(dir, { port = 8765, csp = false } = {}) {
  const root = path.resolve(dir);
  const server = http.createServer(async (request, response) => {
    const headers = { 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' };
    if (csp) headers['Content-Security-Policy'] = STRICT_CSP;
    const fail = (status, text) => {
      response.writeHead(status, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' });
      response.end(`${status} ${text}\n`);
    };
    if (request.method !== 'GET' && request.method !== 'HEAD') return fail(405, 'Method Not Allowed');

    let pathname;
    try {
      pathname = decodeURIComponent(new URL(request.url, 'http://localhost').pathname);
    } catch {
      return fail(400, 'Bad Request');
    }
    let file = path.join(root, pathname);
    // path.join normalises "..", so anything outside root was asked for on purpose.
    if (file !== root && !file.startsWith(root + path.sep)) return fail(403, 'Forbidden');
    let info = await stat(file).catch(() => null);
    if (info?.isDirectory()) {
      if (!pathname.endsWith('/')) {
        response.writeHead(301, { ...headers, Location: `${pathname}/` });
        return response.end();
      }
      file = path.join(file, 'index.html');
      info = await stat(file).catch(() => null);
    }
    if (!info?.isFile()) return fail(404, 'Not Found');

    response.writeHead(200, {
      ...headers,
      'Content-Type': MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
      'Content-Length': info.size,
    });
    if (request.method === 'HEAD') return response.end();
    createReadStream(file).on('error', () => response.destroy()).pipe(response);
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  server.url = `http://127.0.0.1:${server.address().port}/`;
  return server;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const csp = args.includes('--csp');
  const [dir = 'www', port = '8765'] = args.filter((arg) => !arg.startsWith('--'));
  const server = await serve(dir, { port: Number(port), csp }).catch((error) => {
    console.error(`sou demo: cannot serve ${dir} on port ${port}: ${error.message}`);
    process.exit(1);
  });
  console.log(`sou demo: ${server.url}${csp ? ' (with the strict CSP header)' : ''}`);
  const stop = () => {
    server.close(() => process.exit(0));
    server.closeAllConnections(); // keep-alive connections would hold close() open
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
