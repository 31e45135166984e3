// The Node flags the api runs with, wherever it is started: the demo, the test and bench
// harnesses (test/support/app-process.ts) and bench:webhook take them from here; `npm start`
// and the Dockerfile carry them literally, and test/api-process.e2e-spec.ts keeps those two in
// step.
//
// --max-semi-space-size=16 (MB): Node 24's V8 lets each of the young generation's two
// semi-spaces grow to 32 MB, and the api's start-up alone grows them to that limit: 64 MB of
// young heap committed at idle, about 10 MB of it used, never handed back. bench:footprint
// prints what 16 saves. At info-level logging, webhooks cost the same CPU at 16 as at 32 and
// about 16 % more at 8, where more of each request's short-lived objects outlive a scavenge:
//   BENCH_LOG_LEVEL=info BENCH_COMPARE_NODE_ARGS=--max-semi-space-size=8 npm run bench:webhook -- compare dist
export const API_NODE_FLAGS = ['--max-semi-space-size=16'];
