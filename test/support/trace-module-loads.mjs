// `node --import ./test/support/trace-module-loads.mjs`: appends the URL of every module the
// process loads (ESM and CommonJS alike) to the file TRACE_MODULE_LOADS names.
import { appendFileSync } from 'node:fs';
import { registerHooks } from 'node:module';

const file = process.env.TRACE_MODULE_LOADS;
if (file) {
  registerHooks({
    load(url, context, nextLoad) {
      appendFileSync(file, `${url}\n`);
      return nextLoad(url, context);
    },
  });
}
