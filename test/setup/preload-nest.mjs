// @nestjs/throttler is CommonJS and require()s @nestjs/common, which is ESM. Node 24 allows
// that, but inside Jest's module registry the first such require can land in the middle of
// @nestjs/common's own loading ("Cannot require() ES Module … in a cycle"). Loading Nest's ESM
// packages first, before any suite, leaves nothing half-loaded for the require to meet.
await import('@nestjs/common');
await import('@nestjs/core');
