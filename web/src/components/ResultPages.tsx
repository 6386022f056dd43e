import { Button, Result } from 'antd';
import { useNavigate } from 'react-router-dom';
import { useT } from '../prefs';

function Page({ status, title, text }: { status: '403' | '404'; title: string; text: string }) {
  const t = useT();
  const nav = useNavigate();
  return (
    <Result
      status={status}
      title={<h1 style={{ fontSize: '1.5em', margin: 0 }}>{title}</h1>}
      subTitle={text}
      extra={
        <Button type="primary" onClick={() => nav('/')}>
          {t('common.goHome')}
        </Button>
      }
    />
  );
}

export function Forbidden() {
  const t = useT();
  return <Page status="403" title={t('common.forbiddenTitle')} text={t('common.forbiddenText')} />;
}

export function NotFound() {
  const t = useT();
  return <Page status="404" title={t('common.notFoundTitle')} text={t('common.notFoundText')} />;
}
