import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

/** A file of the monitoring page, read once at start, with how to serve it. */
export interface PageFile {
  body: string;
  contentType: string;
  cacheControl: string;
  etag: string;
}

function pageFile(url: URL, contentType: string, cacheControl: string): PageFile {
  const body = readFileSync(url, 'utf8');
  const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`;
  return { body, contentType, cacheControl, etag };
}

// The page's own files change with each release: revalidated (ETag) on every load. uPlot changes
// only with an upgrade of the package: cached for a day.
const OWN = 'no-cache';
const VENDOR = 'public, max-age=86400';

/**
 * `new URL('./…', import.meta.url)` is what the bundler follows: it copies each file next to
 * the built app (uPlot's from node_modules too), so the same lines find them in the sources
 * (tests) and in `dist`.
 */
export const DASHBOARD_PAGE = pageFile(new URL('./index.html', import.meta.url), 'text/html; charset=utf-8', OWN);

export const DASHBOARD_ASSETS: Readonly<Record<string, PageFile>> = {
  'dashboard.js': pageFile(new URL('./dashboard.js', import.meta.url), 'text/javascript; charset=utf-8', OWN),
  'dashboard.css': pageFile(new URL('./dashboard.css', import.meta.url), 'text/css; charset=utf-8', OWN),
  'uPlot.iife.min.js': pageFile(
    new URL('../../../../../node_modules/uplot/dist/uPlot.iife.min.js', import.meta.url),
    'text/javascript; charset=utf-8',
    VENDOR,
  ),
  'uPlot.min.css': pageFile(
    new URL('../../../../../node_modules/uplot/dist/uPlot.min.css', import.meta.url),
    'text/css; charset=utf-8',
    VENDOR,
  ),
};
