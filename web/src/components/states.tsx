import { Alert, Button, Empty, Flex, Spin } from 'antd';
import type { ReactNode } from 'react';
import { ApiError, errorMessage } from '../api';
import { useT } from '../prefs';
import { PageTitle } from './PageTitle';
import type { Loadable } from './use-api';

export function LoadingState({ label }: { label?: string }) {
  const t = useT();
  return (
    <Flex justify="center" align="center" gap="small" style={{ padding: 32 }} role="status">
      <Spin />
      <span>{label ?? t('common.loading')}</span>
    </Flex>
  );
}

export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const t = useT();
  const requestId = error instanceof ApiError ? error.requestId : undefined;
  const status = error instanceof ApiError ? error.status : 0;
  // Out-of-scope records answer 404 (or 403): say so plainly, the server message follows.
  const title = status === 404 ? t('common.notFoundOrDenied') : status === 403 ? t('common.forbiddenTitle') : t('common.loadFailed');
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      title={title}
      description={
        <>
          <div>{errorMessage(error)}</div>
          {requestId ? <div className="qh-muted">{t('common.requestId', { id: requestId })}</div> : null}
        </>
      }
      action={onRetry ? <Button onClick={onRetry}>{t('common.retry')}</Button> : undefined}
    />
  );
}

export function EmptyState({ description }: { description?: ReactNode }) {
  const t = useT();
  return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={description ?? t('common.empty')} />;
}

/** Loading, error or the content rendered from the loaded data; `title` keeps an h1 on the page meanwhile. */
export function DataState<T>({ state, children, title }: { state: Loadable<T>; children: (data: T) => ReactNode; title?: string }) {
  const heading = title ? <PageTitle>{title}</PageTitle> : null;
  if (state.error)
    return (
      <>
        {heading}
        <ErrorState error={state.error} onRetry={state.reload} />
      </>
    );
  if (state.data === undefined)
    return (
      <>
        {heading}
        <LoadingState />
      </>
    );
  return <>{children(state.data)}</>;
}
