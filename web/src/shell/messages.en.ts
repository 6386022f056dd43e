/** English strings of the shell, loaded only when English is chosen; a missing entry is a type error. */
import type { zh } from './messages';

export const en: Record<keyof typeof zh, string> = {
  'shell.menuOpen': 'Open the navigation menu',
  'shell.menuClose': 'Close the navigation menu',
  'shell.menu': 'Menu',
  'shell.elder': 'Elder mode',
  'shell.contrast': 'High contrast',
  'shell.clear': 'Clear',
  'shell.tableScroll': 'Table (scrolls sideways)',
};
