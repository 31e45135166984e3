import { readFileSync } from 'node:fs';

/**
 * The page's files, read once. `new URL('./…', import.meta.url)` is what the bundler
 * follows: it copies each file next to the built app, so the same lines find them in the
 * sources (tests) and in `dist` (the demo).
 */
export const CHAT_PAGE = {
  html: readFileSync(new URL('./public/index.html', import.meta.url), 'utf8'),
  script: readFileSync(new URL('./public/chat.js', import.meta.url), 'utf8'),
  styles: readFileSync(new URL('./public/chat.css', import.meta.url), 'utf8'),
};
