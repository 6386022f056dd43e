import { App as AntApp } from 'antd';
import type { ReactNode } from 'react';

/** antd's App (message, modal, notification) for the pages that use it, loaded with them rather than with the home page. */
export function WithApp({ children }: { children: ReactNode }) {
  return <AntApp component={false}>{children}</AntApp>;
}
