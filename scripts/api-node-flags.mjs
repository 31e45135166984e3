// The Node flags the api runs with, wherever it is started: the demo, the test and bench
// harnesses (test/support/app-process.ts) and bench:webhook take them from here; `npm start` and the Dockerfile
// carry them literally, and test/api-process.e2e-spec.ts keeps those two in step.
//
// --max-semi-space-size=16 (MB): Node 24's V8 lets each of the young generation's two
// semi-spaces grow to 32 MB, and the api's start-up alone grows them to that limit: 64 MB of
// young heap committed at idle, about 10 MB of it used, never handed back. At 16 the api's
// CPU per webhook is the same as at 32 (623 vs 628 µs, 6,000 webhooks each, alternated); at 8
// it is 20 % more (765 µs), because more of each webhook's short-lived objects outlive a
// scavenge and are promoted. bench:footprint prints what it buys (README, "Sizing").
export const API_NODE_FLAGS = ['--max-semi-space-size=16'];
