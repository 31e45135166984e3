export { TurnScheduler } from './turn-scheduler.js';
