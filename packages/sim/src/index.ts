export type { DemoSite, DemoTwin, DemoRelationship } from './demo-site-types.js';
export { demoSite } from './demo-site.js';
export { DEMO_MODEL_IDS } from './demo-model-ids.js';
export { DEMO_MODELS_DIR, loadModels } from './load-models.js';
export type { Simulator, SimulatorOptions, SimulatorStats } from './simulator.js';
export { startSimulator, SIMULATOR_LIMITS } from './simulator.js';
export type { PlantMessage, PlantOptions } from './plant.js';
export { Plant, DEFAULT_SEED, DEFAULT_REPORTED_PERIOD_MS } from './plant.js';
export type { BehaviourKind } from './behaviour-registry.js';
export { DEFAULT_PERIODS_MS } from './behaviour-registry.js';
export type { FaultKind } from './faults.js';
export { FAULT_PRONE_TWINS } from './faults.js';
export { resolveTopicPattern } from './model-catalog.js';
export type {
  CommandAnswer,
  CommandAnswerStatus,
  CommandBehaviour,
  CommandDeviceOptions,
  ReceivedCommand,
} from './command-device.js';
export { CommandDevice, COMMAND_DEVICE_DEFAULTS } from './command-device.js';
export type {
  CommonAreaKind,
  DemoCommonArea,
  DemoDoor,
  DemoEquipment,
  DemoFloor,
  DemoGeometry,
  DemoRoom,
  DemoWall,
  DemoWindow,
  DoorKind,
  FloorPoint,
} from './demo-geometry-types.js';
export { demoGeometry } from './demo-geometry.js';
export type { DemoPlan } from './demo-plans.js';
export { demoPlans } from './demo-plans.js';
export { demoAlertRules } from './demo-alert-rules.js';
export type { BearingDefectFrequencies, BearingGeometry } from './bearing-geometry.js';
export { BEARING_6205, bearingDefectFrequencies } from './bearing-geometry.js';
export type { BearingSimOptions } from './bearing-waveform.js';
export { BEARING_SIM_DEFAULTS, defectSeverity, waveformAt } from './bearing-waveform.js';
