export { AppConfig } from './app-config.js';
export { ConfigModule } from './config.module.js';
export { describeVariables, type Settings } from './config.schema.js';
export { ConfigError, loadSettings, parseSettings, type ConfigProblem, type Environment } from './load-config.js';
export type { NodeEnv } from './namespace.js';
export { LOG_LEVELS, type LogLevel } from './namespaces/log.config.js';
export {
  SANDBOX_FAULT_CODES,
  SANDBOX_LLM_FAULT_KINDS,
  type SandboxFault,
  type SandboxFaultCode,
  type SandboxLlmFault,
  type SandboxLlmFaultKind,
} from './namespaces/sandbox.config.js';
export { LLM_PROVIDER_NAMES, type LlmProviderName, type LlmProviderSettings } from './namespaces/llm.config.js';
