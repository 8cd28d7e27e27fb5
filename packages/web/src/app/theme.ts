import { useSyncExternalStore } from 'react';

/**
 * Light and dark themes: the user's choice (`system`, `light`, `dark`, kept in localStorage) and
 * the theme in effect, written to `<html data-theme="light|dark">`, which every stylesheet reads
 * (global.css defines the dark tokens under `:root[data-theme='dark']`). `system` follows the
 * operating system, live.
 */
export type ThemeChoice = 'system' | 'light' | 'dark';

const STORAGE_KEY = 'doppel.theme';
const CHOICES: readonly ThemeChoice[] = ['system', 'light', 'dark'];
const listeners = new Set<() => void>();

function storedChoice(): ThemeChoice {
  try {
    const value = window.localStorage.getItem(STORAGE_KEY);
    return CHOICES.includes(value as ThemeChoice) ? (value as ThemeChoice) : 'system';
  } catch {
    return 'system'; // storage refused (private mode): the system's theme
  }
}

let choice: ThemeChoice = 'system';

export function effectiveTheme(chosen: ThemeChoice, systemDark: boolean): 'light' | 'dark' {
  return chosen === 'system' ? (systemDark ? 'dark' : 'light') : chosen;
}

function apply(): void {
  const systemDark = window.matchMedia('(prefers-color-scheme: dark)').matches;
  document.documentElement.dataset.theme = effectiveTheme(choice, systemDark);
  for (const listener of listeners) listener();
}

/** Applies the stored choice and follows the system; call once, before the first render. */
export function startTheme(): void {
  choice = storedChoice();
  apply();
  window.matchMedia('(prefers-color-scheme: dark)').addEventListener('change', apply);
}

export function setThemeChoice(next: ThemeChoice): void {
  choice = next;
  try {
    window.localStorage.setItem(STORAGE_KEY, next);
  } catch {
    // not kept across visits; still applied now
  }
  apply();
}

export function nextThemeChoice(current: ThemeChoice): ThemeChoice {
  return CHOICES[(CHOICES.indexOf(current) + 1) % CHOICES.length] as ThemeChoice;
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The choice and the theme in effect; re-renders when either changes. */
export function useTheme(): { choice: ThemeChoice; theme: 'light' | 'dark' } {
  const theme = useSyncExternalStore(subscribe, () =>
    document.documentElement.dataset.theme === 'dark' ? 'dark' : 'light',
  );
  const chosen = useSyncExternalStore(subscribe, () => choice);
  return { choice: chosen, theme };
}
