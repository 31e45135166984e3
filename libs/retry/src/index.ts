export { backoffDelay, retry, type RetryDecision, type RetryOptions, type RetryPolicy } from './retry.js';
