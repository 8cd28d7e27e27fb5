import { useAge } from '../../live/use-age';

/** "12 s ago" for a platform time, ticking; the exact time in the title. */
export function AgeText({ timeMs, className }: { readonly timeMs: number; readonly className?: string }) {
  const age = useAge(timeMs);
  return (
    <time className={className} dateTime={new Date(timeMs).toISOString()} title={new Date(timeMs).toLocaleString()}>
      {age}
    </time>
  );
}
