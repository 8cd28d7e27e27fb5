/** Names shared by the orchestrator and the publisher of the rules part. */
export const MODELS = 100;
export const PATHS = 10;
export const twinIdOf = (index: number): string => `t-${String(index).padStart(6, '0')}`;
export const modelIdOf = (model: number): string => `dtmi:doppel:bench:Machine${model};1`;
