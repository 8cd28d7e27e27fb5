import type { LiveClient } from '../api/live-client';
import { createLiveClient } from '../api/live-client';
import { liveUrl } from '../api/live-url';
import type { RestClient } from '../api/rest-client';
import { createRestClient } from '../api/rest-client';
import { AlertStore } from '../live/alert-store';
import { CommandStore } from '../live/command-store';
import { ServerClock } from '../live/server-clock';
import { TwinValuesStore } from '../live/twin-values-store';
import { ModelStore } from '../models/model-store';

/** Open alerts fetched at each connect (the API's page size limit). */
const OPEN_ALERTS_FETCHED = 1_000;

/** Everything the features share: one of each per page, made once in main.tsx. */
export interface Services {
  readonly rest: RestClient;
  readonly live: LiveClient;
  readonly values: TwinValuesStore;
  readonly models: ModelStore;
  readonly clock: ServerClock;
  /** Commands and desired values of the twins shown, from REST answers and `command.updated` frames. */
  readonly commands: CommandStore;
  /** Alerts: every alert's changes arrive live (`alerts: true`); open ones are fetched at each connect. */
  readonly alerts: AlertStore;
}

/** Wires the API clients to the stores: live frames and released twins go to the value store. */
export function createServices(location: Pick<Location, 'protocol' | 'host'>): Services {
  const rest = createRestClient();
  const values = new TwinValuesStore();
  const clock = new ServerClock();
  const commands = new CommandStore();
  const alerts = new AlertStore();
  const live = createLiveClient({
    url: liveUrl(location),
    allAlerts: true,
    onTwinUpdated: (frame) => values.apply(frame.twinId, frame.model, frame.paths),
    onHello: (frame) => {
      clock.sync(frame.serverTimeMs);
      // Whatever changed while disconnected: the open alerts now (their later changes come live).
      rest.getAlerts({ status: 'open', limit: OPEN_ALERTS_FETCHED }).then(
        (page) => alerts.apply(page.value),
        () => undefined, // the alerts view shows its own error when it fetches
      );
    },
    onCommandUpdated: (frame) => commands.apply(frame.command),
    onAlertUpdated: (frame) => alerts.apply([frame.alert]),
    onReleased: (twinIds) => {
      values.evict(twinIds);
      commands.evict(twinIds);
    },
  });
  return { rest, live, values, models: new ModelStore(rest), clock, commands, alerts };
}
