export type { PlatformConfig, ConfigOverrides, LogLevel } from './config/platform-config.js';
export { DEFAULT_CONFIG, CONFIG_ENV, resolveConfig, configFromEnv } from './config/platform-config.js';
export type { RunningPlatform } from './platform.js';
export { startPlatform } from './platform.js';
export { createJsonLogger } from './logging/json-logger.js';
export { OPENAPI_DOCUMENT } from './api/openapi.js';
