import type { MemberCard, MyMembership, UnionChoice } from '@contracts/members';
import { NEW_FORM_KINDS } from '@contracts/members.enums';
import QRCode from 'qrcode';
import { useEffect, useRef, useState } from 'react';
import { Navigate, useSearchParams } from 'react-router-dom';
import { membersApi } from '../../api/members';
import { useDebounced } from '../../components/use-api';
import { usePrefs } from '../../prefs';
import { citizenRequest, useCitizen, useCitizenApi } from '../activities/citizen';
import {
  Alert,
  Button,
  Card,
  Checkbox,
  Choice,
  DescList,
  ErrorView,
  Field,
  FormAlert,
  Loading,
  PageTitle,
  required,
  SelectInput,
  TextInput,
  useLightForm,
  type FieldBinding,
} from '../ui';
import './members.css';

/** The electronic member card: a QR of a short-lived signed token (no personal data), renewed before it expires. */
function MemberCardView({ member }: { member: NonNullable<MyMembership['member']> }) {
  const { t, lang } = usePrefs();
  const [card, setCard] = useState<MemberCard | null>(null);
  const [src, setSrc] = useState<string | null>(null);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    void citizenRequest<MemberCard>('GET', membersApi.myCard.path(), lang).then(async (c) => {
      if (!live) return;
      setCard(c);
      setSrc(await QRCode.toDataURL(c.token, { width: 240, margin: 1, errorCorrectionLevel: 'M' }));
    });
    const timer = setTimeout(() => setTick((n) => n + 1), 240_000);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [lang, tick]);
  return (
    <Card title={t('portal.members.card')}>
      <DescList
        items={[
          [t('members.name'), member.nameMasked],
          [t('members.memberNo'), member.memberNo],
          [t('members.union'), member.orgName],
          [t('members.joinedOn'), member.joinedOn],
        ]}
      />
      <div className="qh-mem-qr">
        {src ? <img src={src} width={240} height={240} alt={t('portal.members.card')} data-token={card?.token} /> : <Loading />}
        <p className="qh-muted">{t('portal.members.cardHelp')}</p>
        <Button onClick={() => setTick((n) => n + 1)}>{t('portal.members.refresh')}</Button>
      </div>
    </Card>
  );
}

const unionLabel = (u: UnionChoice) => `${u.name}（${u.regionName}）`;

/**
 * The union to join: a search box (two characters or more ask the server) and the unions found, as radio buttons;
 * the chosen union stays listed while the search changes. A union named by the QR code the worker scanned comes chosen.
 */
function UnionPicker({ field, newForm, initial }: { field: FieldBinding<number>; newForm: boolean; initial: UnionChoice | null }) {
  const { t, lang } = usePrefs();
  const [q, setQ] = useState('');
  const dq = useDebounced(q.trim());
  const [found, setFound] = useState<UnionChoice[] | null>(null);
  const [chosen, setChosen] = useState<UnionChoice | null>(null);
  const asked = useRef(0);
  useEffect(() => {
    if (initial) setChosen(initial);
  }, [initial]);
  useEffect(() => {
    if (dq.length < 2) {
      setFound(null);
      return;
    }
    const n = ++asked.current;
    void citizenRequest<{ items: UnionChoice[] }>('GET', membersApi.unions.path({ query: { q: dq, newForm } }), lang)
      .then((r) => n === asked.current && setFound(r.items))
      .catch(() => n === asked.current && setFound([]));
  }, [dq, newForm, lang]);
  const shown = [...(chosen && !(found ?? []).some((u) => u.id === chosen.id) ? [chosen] : []), ...(found ?? [])];
  const searchId = `${field.id}-q`;
  return (
    <Choice
      field={field}
      legend={t('portal.members.union')}
      options={shown.map((u) => ({ value: u.id, label: unionLabel(u) }))}
      onChange={(id) => setChosen(shown.find((u) => u.id === id) ?? chosen)}
    >
      <input
        id={shown.length ? searchId : field.id}
        type="search"
        className="qh-p-input qh-mem-search"
        aria-label={t('portal.members.unionSearch')}
        placeholder={t('portal.members.unionSearch')}
        enterKeyHint="search"
        autoComplete="off"
        maxLength={60}
        value={q}
        onChange={(e) => setQ(e.target.value)}
      />
      <p className="qh-muted qh-mem-found" aria-live="polite">
        {q.trim().length > 0 && q.trim().length < 2
          ? t('portal.members.unionMin')
          : found === null
            ? ''
            : found.length
              ? t('portal.members.unionCount', { n: found.length })
              : t('portal.members.unionNone')}
      </p>
    </Choice>
  );
}

type Values = { name: string; idNumber: string; orgId: number; newForm: boolean; newFormKind: (typeof NEW_FORM_KINDS)[number] };

function RegisterForm({ onDone }: { onDone: () => void }) {
  const { t, lang } = usePrefs();
  const need = (label: string) => required(t('common.required', { field: label }));
  const form = useLightForm<Values>(
    { newForm: false, newFormKind: 'food_delivery' },
    { name: need(t('portal.members.name')), idNumber: need(t('portal.members.idNumber')), orgId: need(t('portal.members.union')) },
  );
  const [params] = useSearchParams();
  const [fromQrUnion, setFromQrUnion] = useState<UnionChoice | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const fromQr = Number(params.get('union') ?? 0);
  const { set } = form;
  useEffect(() => {
    if (!fromQr) return;
    void citizenRequest<UnionChoice>('GET', membersApi.union.path({ params: { id: fromQr } }), lang).then((u) => {
      setFromQrUnion(u);
      set('orgId', u.id);
    });
  }, [fromQr, lang, set]);
  const submit = async () => {
    if (busy || !form.validate()) return;
    const v = form.valuesRef.current;
    setBusy(true);
    setError(null);
    try {
      const body = {
        orgId: v.orgId!,
        name: v.name!.trim(),
        idNumber: v.idNumber!.trim(),
        tags: v.newForm ? (['new_form'] as const).slice() : [],
        newFormKind: v.newForm ? (v.newFormKind ?? 'other') : null,
      };
      await citizenRequest('POST', membersApi.register.path({ body }), lang, body);
      onDone();
    } catch (e) {
      setError(form.serverError(e));
    } finally {
      setBusy(false);
    }
  };
  const name = form.field('name');
  const idNumber = form.field('idNumber');
  const newFormKind = form.field('newFormKind');
  const newForm = form.values.newForm === true;
  return (
    <Card title={t('portal.members.register')}>
      <p className="qh-muted">{t('portal.members.registerHelp')}</p>
      <FormAlert message={error} />
      <form
        name="member-register"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <Field label={t('portal.members.name')} field={name}>
          <TextInput field={name} autoComplete="name" maxLength={40} />
        </Field>
        <Field label={t('portal.members.idNumber')} field={idNumber}>
          <TextInput field={idNumber} autoComplete="off" maxLength={18} />
        </Field>
        <Checkbox field={form.field('newForm')}>{t('portal.members.newForm')}</Checkbox>
        {newForm ? (
          <Field label={t('portal.members.newFormKind')} field={newFormKind}>
            <SelectInput field={newFormKind} options={NEW_FORM_KINDS.map((k) => ({ value: k, label: t(`portal.members.kind.${k}`) }))} />
          </Field>
        ) : null}
        <UnionPicker field={form.field('orgId')} newForm={newForm} initial={fromQrUnion} />
        <Button variant="primary" type="submit" block loading={busy}>
          {t('portal.members.submit')}
        </Button>
      </form>
    </Card>
  );
}

/** 工会会员 on the phone portal: apply to join, see the application, show the member card. */
export function PortalMembershipPage() {
  const { t } = usePrefs();
  const { me } = useCitizen();
  const [params] = useSearchParams();
  const s = useCitizenApi<MyMembership>(me ? membersApi.myMembership.path() : null);
  if (me === null)
    return (
      <Navigate to={`/portal/sign-in?next=${encodeURIComponent(`/portal/members${params.get('union') ? `?union=${params.get('union')}` : ''}`)}`} replace />
    );
  const reg = s.data?.registration;
  return (
    <>
      <PageTitle>{t('portal.members.title')}</PageTitle>
      {s.error ? <ErrorView error={s.error} onRetry={s.reload} /> : null}
      {me === undefined || (s.loading && !s.data) ? <Loading /> : null}
      {s.data?.member ? <MemberCardView member={s.data.member} /> : null}
      {s.data && !s.data.member && reg?.status === 'pending' ? (
        <Alert type="info" role="status" title={t('portal.members.pending', { org: reg.orgName })} />
      ) : null}
      {s.data && !s.data.member && reg?.status !== 'pending' ? (
        <>
          {reg?.status === 'rejected' ? <Alert type="warning" title={t('portal.members.rejected', { reason: reg.reason ?? '' })} /> : null}
          <RegisterForm onDone={s.reload} />
        </>
      ) : null}
    </>
  );
}
