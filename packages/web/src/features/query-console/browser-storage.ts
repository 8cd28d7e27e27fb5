/** The page's localStorage, or undefined where reading it throws (storage blocked for the origin). */
export function browserStorage(): Storage | undefined {
  try {
    return typeof localStorage === 'undefined' ? undefined : localStorage;
  } catch {
    return undefined;
  }
}
