import { Table as AntTable, type TableProps, type TableRef } from 'antd';

import { useEffect, useRef } from 'react';
import { useT } from '../prefs';

/**
 * The component library's table, whose body can be scrolled sideways with the keyboard: while its content is wider
 * than its box (a phone, 200% zoom), the scroll container is a named region in the tab order (WCAG 2.1.1, axe
 * `scrollable-region-focusable`); once it fits again it leaves the tab order. Pages import `Table` from here.
 */
export function Table<T extends object>(props: TableProps<T>) {
  const ref = useRef<TableRef>(null);
  const label = useT()('shell.tableScroll');
  const mark = useRef(() => {});
  mark.current = () => {
    const root = ref.current?.nativeElement;
    if (!root) return;
    for (const el of root.querySelectorAll<HTMLElement>('.ant-table-content, .ant-table-body')) {
      if (el.scrollWidth > el.clientWidth + 1) {
        el.tabIndex = 0;
        el.setAttribute('role', 'region');
        el.setAttribute('aria-label', label);
      } else if (el.hasAttribute('tabindex')) {
        el.removeAttribute('tabindex');
        el.removeAttribute('role');
        el.removeAttribute('aria-label');
      }
    }
  };
  // After every render (new rows, columns or language) and whenever the table's box changes size.
  useEffect(() => mark.current());
  useEffect(() => {
    const root = ref.current?.nativeElement;
    if (!root || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() => mark.current());
    observer.observe(root);
    return () => observer.disconnect();
  }, []);
  return <AntTable<T> ref={ref} {...props} />;
}
