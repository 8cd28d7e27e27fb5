/** How long ago, short and calm: "just now", "12 s ago", "5 min ago", "3 h ago", "4 d ago". */
export function formatAge(ageMs: number): string {
  // A few seconds in the future is clock skew between device and platform, not worth a word.
  if (ageMs < -2_000) return `in ${formatSpan(-ageMs)}`;
  if (ageMs < 1_000) return 'just now';
  return `${formatSpan(ageMs)} ago`;
}

function formatSpan(spanMs: number): string {
  const seconds = Math.floor(spanMs / 1_000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h`;
  return `${Math.floor(hours / 24)} d`;
}
