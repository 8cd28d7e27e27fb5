import { nextThemeChoice, setThemeChoice, useTheme } from './theme';
import styles from './app-shell.module.css';

const LABELS = { system: 'System theme', light: 'Light theme', dark: 'Dark theme' } as const;
const ICONS = { system: '◐', light: '☀', dark: '☾' } as const;

/** Cycles the theme: follow the system → light → dark. */
export function ThemeToggle() {
  const { choice } = useTheme();
  const next = nextThemeChoice(choice);
  return (
    <button
      type="button"
      className={styles.themeToggle}
      onClick={() => setThemeChoice(next)}
      title={`${LABELS[choice]} (click for ${LABELS[next].toLowerCase()})`}
      aria-label={`${LABELS[choice]}; switch to ${LABELS[next].toLowerCase()}`}
    >
      <span aria-hidden="true">{ICONS[choice]}</span>
    </button>
  );
}
