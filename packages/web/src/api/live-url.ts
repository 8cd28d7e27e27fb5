/** The live endpoint on the page's own origin: ws: for http pages, wss: for https pages. */
export function liveUrl(location: Pick<Location, 'protocol' | 'host'>, path = '/api/v1/live'): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}${path}`;
}
