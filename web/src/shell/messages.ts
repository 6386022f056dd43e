/** UI strings of the console and portal shell (menu drawer, display modes). A missing English entry is a type error. */
export const zh = {
  'shell.menuOpen': '打开导航菜单',
  'shell.menuClose': '关闭导航菜单',
  'shell.menu': '菜单',
  'shell.elder': '长辈模式',
  'shell.contrast': '高对比度',
  'shell.clear': '清除',
  'shell.tableScroll': '表格（可左右滚动）',
} as const;
