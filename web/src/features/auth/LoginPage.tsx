import { Button, Card, Divider, Flex, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import { errorMessage } from '../../api';
import { authApi } from '../../api/accounts';
import { oidcApi } from '../../api/oidc';
import { useEndpoint } from '../../components/use-api';
import { isMessageKey } from '../../i18n';
import { usePrefs } from '../../prefs';
import { useSession } from '../../session';
import { DisplaySwitches } from '../layout/DisplaySwitches';

type Values = { username: string; password: string };

function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/login') ? next : '/';
}

export function LoginPage() {
  const { t, lang, setLang } = usePrefs();
  const { state, signedIn } = useSession();
  const [params] = useSearchParams();
  const nav = useNavigate();
  const oidcRefusal = params.get('oidc_error');
  const oidcRefusalKey = `oidc.error.${oidcRefusal}`;
  const [error, setError] = useState<string | null>(oidcRefusal ? t(isMessageKey(oidcRefusalKey) ? oidcRefusalKey : 'oidc.error.provider') : null);
  const [busy, setBusy] = useState(false);
  const oidc = useEndpoint(oidcApi.status);

  if (state.status === 'signed-in') return <Navigate to={state.me.mustChangePassword ? '/change-password' : safeNext(params.get('next'))} replace />;

  const submit = async (v: Values) => {
    setBusy(true);
    setError(null);
    try {
      const me = await authApi.login.call({ body: { username: v.username.trim(), password: v.password } });
      signedIn(me);
      void nav(me.mustChangePassword ? '/change-password' : safeNext(params.get('next')), { replace: true });
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="qh-login-wrap">
      <main className="qh-login-card">
        <Card>
          <Flex justify="space-between" align="start" gap="small" wrap>
            <div>
              <Typography.Text strong style={{ fontSize: '1.1em' }}>
                {t('app.name')}
              </Typography.Text>
              <div className="qh-muted">{t('app.fullName')}</div>
            </div>
            <Button lang={lang === 'en' ? 'zh-CN' : 'en'} onClick={() => setLang(lang === 'en' ? 'zh-CN' : 'en')} title={t('header.language')}>
              {lang === 'en' ? t('header.langZh') : t('header.langEn')}
            </Button>
          </Flex>
          <div style={{ marginTop: 12 }}>
            <DisplaySwitches />
          </div>
          <Typography.Title level={1} style={{ fontSize: '1.6em', margin: '20px 0 4px' }}>
            {t('login.title')}
          </Typography.Title>
          <p className="qh-muted" style={{ marginTop: 0 }}>
            {t('login.subtitle')}
          </p>
          <div role="alert" aria-live="assertive" aria-atomic="true" id="login-error" className="qh-login-error">
            {error ? <Typography.Text type="danger">{error}</Typography.Text> : null}
          </div>
          <Form<Values> name="login" layout="vertical" onFinish={(v) => void submit(v)} requiredMark={false} disabled={busy}>
            <Form.Item
              label={t('login.username')}
              name="username"
              rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('login.username') }) }]}
            >
              <Input autoComplete="username" autoFocus aria-describedby="login-error" />
            </Form.Item>
            <Form.Item label={t('login.password')} name="password" rules={[{ required: true, message: t('common.required', { field: t('login.password') }) }]}>
              <Input.Password autoComplete="current-password" aria-describedby="login-error" />
            </Form.Item>
            <Button type="primary" htmlType="submit" block loading={busy} size="large">
              {t('login.submit')}
            </Button>
          </Form>
          {oidc.data?.enabled ? (
            <>
              <Divider plain>{t('oidc.or')}</Divider>
              <Button block size="large" href={oidcApi.start.path()}>
                {t('oidc.signIn')}
              </Button>
            </>
          ) : null}
          <p className="qh-muted" style={{ marginTop: 16, marginBottom: 0, fontSize: '0.9em' }}>
            {t('login.notice')}
          </p>
        </Card>
      </main>
    </div>
  );
}
