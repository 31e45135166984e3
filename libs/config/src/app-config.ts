import type { Settings } from './config.schema.js';

/**
 * The settings, parsed once at start, as a DI token: inject `AppConfig` and read
 * `config.app.port`, `config.log.level`, … The class has no body: the interface of the same
 * name gives it the type of the parsed settings object.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export abstract class AppConfig {}
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging, @typescript-eslint/no-empty-object-type
export interface AppConfig extends Settings {}
