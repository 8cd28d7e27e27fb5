/**
 * The interfaces the platform registers at start, before any other model, so that user models
 * (and the demo plant's) can extend them to use its analytics. Public contracts: a model that
 * extends one gets its twins watched, and the platform writes what it finds back as their telemetry.
 */

/**
 * The interface a model extends to have its twins watched as bearings (docs/alerts.md
 * "Predictive maintenance"). The device sends `waveform` (an acceleration snapshot); the platform
 * writes the rest back as derived telemetry of the twin. Only the derived values are historized:
 * waveforms are large and their features say what matters. The marks apply to this interface's
 * contents only: the contents of a model that extends it keep their own history rule.
 */
export const BEARING_MONITOR_MODEL_ID = 'dtmi:doppel:analytics:BearingMonitor;1';

/** Longest waveform the platform analyses: 2^20 samples (8 MiB of Float64) bounds memory and FFT time. */
export const WAVEFORM_SAMPLE_COUNT_MAX = 1 << 20;

const historized = (name: string, description: string) => ({
  '@type': ['Telemetry', 'Historized'],
  name,
  description,
  schema: 'double',
});

export const BEARING_MONITOR_MODEL = {
  '@context': ['dtmi:dtdl:context;3', 'dtmi:dtdl:extension:historization;1'],
  '@id': BEARING_MONITOR_MODEL_ID,
  '@type': 'Interface',
  displayName: 'Bearing monitor',
  description: 'Vibration waveforms of a rolling-element bearing, with its health and remaining useful life.',
  contents: [
    {
      '@type': 'Telemetry',
      name: 'waveform',
      description: 'An acceleration snapshot: samples at sampleRateHz.',
      schema: {
        '@type': 'Object',
        fields: [
          { name: 'sampleRateHz', schema: 'double' },
          { name: 'samples', schema: { '@type': 'Array', elementSchema: 'double' } },
        ],
      },
    },
    { '@type': 'Property', name: 'shaftSpeedHz', description: 'Shaft speed (default 25 Hz).', schema: 'double' },
    historized('vibrationRms', 'RMS of the waveform.'),
    historized('kurtosis', 'Kurtosis of the waveform (3 for noise; impacts raise it).'),
    historized('crestFactor', 'Peak over RMS.'),
    historized('bpfoEnergy', 'Energy in the outer-race defect band.'),
    historized('healthIndex', '1 healthy … 0, against the first waveforms taken as healthy.'),
    historized('rulP10Hours', 'Remaining useful life, 10th percentile, hours.'),
    historized('rulP50Hours', 'Remaining useful life, median, hours.'),
    historized('rulP90Hours', 'Remaining useful life, 90th percentile, hours.'),
  ],
};

/** Every built-in interface, in the order the platform registers them (bases first). */
export const BUILT_IN_MODELS: readonly (typeof BEARING_MONITOR_MODEL)[] = [BEARING_MONITOR_MODEL];
