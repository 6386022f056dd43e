import { useEffect, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { ApiError, errorMessage } from '../../api';
import { citizensApi } from '../../api/citizens';
import { oidcApi } from '../../api/oidc';
import { useEndpoint } from '../../components/use-api';
import { isMessageKey } from '../../i18n';
import { usePrefs } from '../../prefs';
import { CommunityPicker } from '../requests/CommunityPicker';
import { Alert, Button, buttonClass, Card, Field, matches, PageTitle, required, TextInput, useLightForm } from '../ui';
import { citizenCall, rememberCitizen } from './citizen';
import './sign-in.css';

type Values = { phone: string; code: string; name?: string; regionCode?: string };

/** Citizen sign-in: phone, one-time code; a first sign-in also asks for a name and the community. */
export function SignInPage() {
  const { t, lang } = usePrefs();
  const nav = useNavigate();
  const [params] = useSearchParams();
  const next = params.get('next')?.startsWith('/portal') ? params.get('next')! : '/portal/activities';
  const phoneRule = [required(t('portal.me.phoneInvalid')), matches(/^1[3-9]\d{9}$/, t('portal.me.phoneInvalid'))];
  const codeRule = [required(t('portal.me.codeInvalid')), matches(/^\d{6}$/, t('portal.me.codeInvalid'))];
  const form = useLightForm<Values>(
    {},
    {
      phone: phoneRule,
      code: codeRule,
      name: required(t('common.required', { field: t('portal.me.name') })),
      regionCode: required(t('portal.requests.areaRequired')),
    },
  );
  const [sent, setSent] = useState(false);
  const [demoCode, setDemoCode] = useState<string | null>(null);
  const [needProfile, setNeedProfile] = useState(false);
  const phone = form.field('phone');
  const code = form.field('code');
  const name = form.field('name');
  const region = form.field('regionCode');
  // A first sign-in asks for a name and a community: the cursor goes to the name, where the next thing to type is.
  useEffect(() => {
    if (needProfile) document.getElementById(name.id)?.focus();
  }, [needProfile, name.id]);
  const [busy, setBusy] = useState(false);
  const oidcRefusal = params.get('oidc_error');
  const oidcRefusalKey = `oidc.error.${oidcRefusal}`;
  const [error, setError] = useState<string | null>(oidcRefusal ? t(isMessageKey(oidcRefusalKey) ? oidcRefusalKey : 'oidc.error.provider') : null);
  const oidc = useEndpoint(oidcApi.citizenStatus);

  const send = async () => {
    // A second press while the code is on its way is not a second request.
    if (busy) return;
    setError(null);
    if (!form.validate(['phone'])) return;
    setBusy(true);
    try {
      const r = await citizenCall(citizensApi.requestCode, lang, { body: { phone: (form.valuesRef.current.phone ?? '').trim() } });
      setSent(true);
      setDemoCode(r.demoCode ?? null);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const verify = async () => {
    if (busy) return;
    if (!form.validate(needProfile ? ['phone', 'code', 'name', 'regionCode'] : ['phone', 'code'])) return;
    const v = form.valuesRef.current;
    setBusy(true);
    setError(null);
    try {
      const me = await citizenCall(citizensApi.verify, lang, {
        body: {
          phone: (v.phone ?? '').trim(),
          code: (v.code ?? '').trim(),
          ...(v.name?.trim() ? { name: v.name.trim() } : {}),
          ...(v.regionCode ? { regionCode: v.regionCode } : {}),
        },
      });
      rememberCitizen(me);
      void nav(next, { replace: true });
    } catch (e) {
      if (e instanceof ApiError && (e.field === 'name' || e.field === 'regionCode') && !needProfile) {
        // A first sign-in is a normal step, not an error: asked for as information.
        setNeedProfile(true);
      } else setError(form.serverError(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <PageTitle>{t('portal.me.signIn')}</PageTitle>
      <p className="qh-muted">{t('portal.me.signInHint')}</p>
      <Card>
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void (sent ? verify() : send());
          }}
        >
          <Field label={t('portal.me.phone')} field={phone}>
            <TextInput field={phone} type="tel" inputMode="tel" autoComplete="tel" maxLength={11} />
          </Field>
          <Button block onClick={() => void send()} loading={busy && !sent}>
            {sent ? t('portal.me.resend') : t('portal.me.sendCode')}
          </Button>
          <div aria-live="polite">
            {demoCode ? <Alert type="warning" className="qh-signin-gap" title={t('portal.me.demoCode', { code: demoCode })} /> : null}
          </div>
          {sent ? (
            <Field label={t('portal.me.code')} field={code} className="qh-signin-gap">
              <TextInput field={code} inputMode="numeric" autoComplete="one-time-code" maxLength={6} />
            </Field>
          ) : null}
          {needProfile ? (
            <>
              <Alert type="info" role="status" title={t('portal.me.firstTime')} />
              <Field label={t('portal.me.name')} field={name}>
                <TextInput field={name} autoComplete="name" maxLength={40} />
              </Field>
              <Field label={t('portal.me.community')} field={region}>
                <CommunityPicker field={region} />
              </Field>
            </>
          ) : null}
          {error ? <Alert type="error" title={error} /> : null}
          {sent ? (
            <Button variant="primary" type="submit" block loading={busy}>
              {t('portal.me.signInButton')}
            </Button>
          ) : null}
        </form>
        {oidc.data?.enabled ? (
          <>
            <p className="qh-portal-or">{t('oidc.or')}</p>
            <a className={buttonClass('default', true)} href={oidcApi.citizenStart.path()}>
              {t('oidc.citizenSignIn')}
            </a>
          </>
        ) : null}
        <p className="qh-muted qh-signin-privacy">{t('portal.me.privacy')}</p>
      </Card>
    </>
  );
}
