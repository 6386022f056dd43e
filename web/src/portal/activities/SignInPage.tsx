import { Alert, Button, Card, Divider, Form, Input, Typography, type InputRef } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { ApiError, errorMessage } from '../../api';
import { citizensApi } from '../../api/citizens';
import { oidcApi } from '../../api/oidc';
import { useEndpoint } from '../../components/use-api';
import { isMessageKey } from '../../i18n';
import { usePrefs } from '../../prefs';
import { CommunityPicker } from '../requests/CommunityPicker';
import { citizenCall, rememberCitizen } from './citizen';

/**
 * The spinner shows only when an answer takes longer than a moment: a quick answer (a first sign-in asks for the
 * name) does not flash it on and off, which can also leave its icon, and its name, behind in the button.
 */
const SPINNER = { delay: 300 };

type Values = { phone: string; code: string; name?: string; regionCode?: string };

/** Citizen sign-in: phone, one-time code; a first sign-in also asks for a name and the community. */
export function SignInPage() {
  const { t, lang } = usePrefs();
  const nav = useNavigate();
  const [params] = useSearchParams();
  const next = params.get('next')?.startsWith('/portal') ? params.get('next')! : '/portal/activities';
  const [form] = Form.useForm<Values>();
  const [sent, setSent] = useState(false);
  const [demoCode, setDemoCode] = useState<string | null>(null);
  const [needProfile, setNeedProfile] = useState(false);
  // A first sign-in asks for a name and a community: the cursor goes to the name, where the next thing to type is.
  const nameInput = useRef<InputRef>(null);
  useEffect(() => {
    if (needProfile) nameInput.current?.focus();
  }, [needProfile]);
  const [busy, setBusy] = useState(false);
  const oidcRefusal = params.get('oidc_error');
  const oidcRefusalKey = `oidc.error.${oidcRefusal}`;
  const [error, setError] = useState<string | null>(oidcRefusal ? t(isMessageKey(oidcRefusalKey) ? oidcRefusalKey : 'oidc.error.provider') : null);
  const oidc = useEndpoint(oidcApi.citizenStatus);

  const send = async () => {
    // The spinner waits a moment before it shows (SPINNER); a second press meanwhile is not a second request.
    if (busy) return;
    setError(null);
    try {
      const { phone } = await form.validateFields(['phone']);
      setBusy(true);
      const r = await citizenCall(citizensApi.requestCode, lang, { body: { phone } });
      setSent(true);
      setDemoCode(r.demoCode ?? null);
    } catch (e) {
      if (e instanceof ApiError) setError(e.message);
    } finally {
      setBusy(false);
    }
  };

  const verify = async (v: Values) => {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      const me = await citizenCall(citizensApi.verify, lang, {
        body: {
          phone: v.phone,
          code: v.code,
          ...(v.name ? { name: v.name } : {}),
          ...(v.regionCode ? { regionCode: v.regionCode } : {}),
        },
      });
      rememberCitizen(me);
      void nav(next, { replace: true });
    } catch (e) {
      if (e instanceof ApiError && (e.field === 'name' || e.field === 'regionCode') && !needProfile) {
        // A first sign-in is a normal step, not an error: asked for as information.
        setNeedProfile(true);
      } else setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Typography.Title level={1} className="qh-portal-title">
        {t('portal.me.signIn')}
      </Typography.Title>
      <Typography.Paragraph className="qh-muted">{t('portal.me.signInHint')}</Typography.Paragraph>
      <Card size="small">
        <Form form={form} layout="vertical" onFinish={verify} requiredMark={false}>
          <Form.Item name="phone" label={t('portal.me.phone')} rules={[{ required: true, pattern: /^1[3-9]\d{9}$/, message: t('portal.me.phoneInvalid') }]}>
            <Input size="large" inputMode="tel" autoComplete="tel" maxLength={11} />
          </Form.Item>
          <Button block size="large" onClick={() => void send()} loading={busy && !sent ? SPINNER : false}>
            {sent ? t('portal.me.resend') : t('portal.me.sendCode')}
          </Button>
          {demoCode ? <Alert style={{ marginTop: 12 }} type="warning" showIcon title={t('portal.me.demoCode', { code: demoCode })} role="status" /> : null}
          {sent ? (
            <Form.Item
              name="code"
              label={t('portal.me.code')}
              rules={[{ required: true, pattern: /^\d{6}$/, message: t('portal.me.codeInvalid') }]}
              style={{ marginTop: 16 }}
            >
              <Input size="large" inputMode="numeric" autoComplete="one-time-code" maxLength={6} />
            </Form.Item>
          ) : null}
          {needProfile ? (
            <>
              <Alert type="info" showIcon title={t('portal.me.firstTime')} role="status" style={{ margin: '12px 0' }} />
              <Form.Item name="name" label={t('portal.me.name')} rules={[{ required: true, max: 40 }]}>
                <Input ref={nameInput} size="large" autoComplete="name" maxLength={40} />
              </Form.Item>
              <Form.Item
                name="regionCode"
                label={t('portal.me.community')}
                htmlFor="citizen-community"
                rules={[{ required: true, message: t('portal.me.communityPlaceholder') }]}
              >
                <CommunityPicker id="citizen-community" />
              </Form.Item>
            </>
          ) : null}
          {error ? <Alert type="error" showIcon title={error} role="alert" style={{ margin: '12px 0' }} /> : null}
          {sent ? (
            <Button type="primary" size="large" block htmlType="submit" loading={busy ? SPINNER : false}>
              {t('portal.me.signInButton')}
            </Button>
          ) : null}
        </Form>
        {oidc.data?.enabled ? (
          <>
            <Divider plain>{t('oidc.or')}</Divider>
            <Button block size="large" href={oidcApi.citizenStart.path()}>
              {t('oidc.citizenSignIn')}
            </Button>
          </>
        ) : null}
        <Typography.Paragraph className="qh-muted" style={{ marginTop: 12 }}>
          {t('portal.me.privacy')}
        </Typography.Paragraph>
      </Card>
    </>
  );
}
