export * from './conversation-store.js';
