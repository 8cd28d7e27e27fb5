/** What the live connection is doing, for the connection indicator. */
export type ConnectionStatus =
  | { readonly state: 'connecting' }
  | { readonly state: 'live'; readonly sinceMs: number }
  | { readonly state: 'reconnecting'; readonly attempt: number; readonly retryAtMs: number; readonly reason: string }
  /** The server speaks another protocol version; retrying would not help. */
  | { readonly state: 'incompatible'; readonly reason: string }
  | { readonly state: 'stopped' };
