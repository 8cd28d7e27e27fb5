import { useMemo } from 'react';
import type { DigitalTwin } from '@doppel/protocol';
import type { ResolvedModel } from '../../models/model-store';
import { CommandsSection } from './commands-section';
import { RecentCommands } from './recent-commands';
import { useTwinCommands, useTwinCommandsFeed } from './use-twin-commands';
import { WritableProperties } from './writable-properties';

/**
 * What an operator can ask of the twin's device: its writable properties, its commands, and what
 * was asked lately. Sent over REST (its answer, with a problem's remedy, comes back at once), then
 * followed by the `command.updated` frames of the live connection.
 */
export function TwinControls({
  twin,
  model,
}: {
  readonly twin: DigitalTwin;
  readonly model: ResolvedModel | undefined;
}) {
  const twinId = twin.$dtId;
  const { error, reload } = useTwinCommandsFeed(twinId);
  const list = useTwinCommands(twinId);
  const writable = useMemo(
    () => (model?.contents ?? []).filter((content) => content.kind === 'property' && content.writable === true),
    [model],
  );
  const commands = useMemo(() => (model?.contents ?? []).filter((content) => content.kind === 'command'), [model]);
  return (
    <>
      <WritableProperties twin={twin} properties={writable} list={list} />
      <CommandsSection twinId={twinId} commands={commands} list={list} />
      <RecentCommands list={list} error={error} onRetry={reload} />
    </>
  );
}
