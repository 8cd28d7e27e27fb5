/** How often the health page asks for dead letters, freshness, sources and metrics while shown. */
export const HEALTH_REFRESH_MS = 5_000;
