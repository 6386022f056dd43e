import { Flex, Typography } from 'antd';
import type { ReactNode } from 'react';

/** The one h1 of a page, with optional actions on the right. */
export function PageTitle({ children, extra, tags }: { children: ReactNode; extra?: ReactNode; tags?: ReactNode }) {
  return (
    <Flex justify="space-between" align="center" wrap gap="middle" className="qh-page-title">
      <Flex align="center" gap="small" wrap>
        <Typography.Title level={1} style={{ margin: 0 }}>
          {children}
        </Typography.Title>
        {tags}
      </Flex>
      {extra ? (
        <Flex gap="small" wrap>
          {extra}
        </Flex>
      ) : null}
    </Flex>
  );
}

/** A section heading (h2) inside a page. */
export function SectionTitle({ children, level = 2, id }: { children: ReactNode; level?: 2 | 3; id?: string }) {
  return (
    <Typography.Title level={level} id={id} style={{ marginTop: 0 }}>
      {children}
    </Typography.Title>
  );
}
