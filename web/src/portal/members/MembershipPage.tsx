import type { MemberCard, MyMembership, UnionChoice } from '@contracts/members';
import { NEW_FORM_KINDS } from '@contracts/members.enums';
import { Alert, Button, Card, Checkbox, Descriptions, Form, Input, Select, Typography } from 'antd';
import QRCode from 'qrcode';
import { useEffect, useState } from 'react';
import { Navigate, useSearchParams } from 'react-router-dom';
import { membersApi } from '../../api/members';
import { ErrorState, LoadingState } from '../../components/states';
import { usePrefs } from '../../prefs';
import { citizenRequest, useCitizen, useCitizenApi } from '../activities/citizen';

/** The electronic member card: a QR of a short-lived signed token (no personal data), renewed before it expires. */
function Card_({ member }: { member: NonNullable<MyMembership['member']> }) {
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
    <Card
      size="small"
      title={
        <Typography.Title level={2} style={{ margin: 0, fontSize: '1.3em' }}>
          {t('portal.members.card')}
        </Typography.Title>
      }
    >
      <Descriptions column={1} size="small">
        <Descriptions.Item label={t('members.name')}>{member.nameMasked}</Descriptions.Item>
        <Descriptions.Item label={t('members.memberNo')}>{member.memberNo}</Descriptions.Item>
        <Descriptions.Item label={t('members.union')}>{member.orgName}</Descriptions.Item>
        <Descriptions.Item label={t('members.joinedOn')}>{member.joinedOn}</Descriptions.Item>
      </Descriptions>
      <div style={{ textAlign: 'center', marginTop: 8 }}>
        {src ? <img src={src} width={240} height={240} alt={t('portal.members.card')} data-token={card?.token} /> : <LoadingState />}
        <p className="qh-muted">{t('portal.members.cardHelp')}</p>
        <Button onClick={() => setTick((n) => n + 1)}>{t('portal.members.refresh')}</Button>
      </div>
    </Card>
  );
}

type Values = { name: string; idNumber: string; orgId: number; newForm?: boolean; newFormKind?: string };

function RegisterForm({ onDone }: { onDone: () => void }) {
  const { t, lang } = usePrefs();
  const [form] = Form.useForm<Values>();
  const [params] = useSearchParams();
  const [options, setOptions] = useState<UnionChoice[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const newForm = Form.useWatch('newForm', form) ?? false;
  const fromQr = Number(params.get('union') ?? 0);
  useEffect(() => {
    if (!fromQr) return;
    void citizenRequest<UnionChoice>('GET', membersApi.union.path({ params: { id: fromQr } }), lang).then((u) => {
      setOptions([u]);
      form.setFieldValue('orgId', u.id);
    });
  }, [fromQr, lang, form]);
  const search = (q: string) => {
    if (q.trim().length < 2) return;
    void citizenRequest<{ items: UnionChoice[] }>('GET', membersApi.unions.path({ query: { q: q.trim(), newForm } }), lang).then((r) => setOptions(r.items));
  };
  const submit = async (v: Values) => {
    setBusy(true);
    setError(null);
    try {
      const body = {
        orgId: v.orgId,
        name: v.name.trim(),
        idNumber: v.idNumber.trim(),
        tags: v.newForm ? (['new_form'] as const).slice() : [],
        newFormKind: v.newForm ? ((v.newFormKind ?? 'other') as (typeof NEW_FORM_KINDS)[number]) : null,
      };
      await citizenRequest('POST', membersApi.register.path({ body }), lang, body);
      onDone();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card
      size="small"
      title={
        <Typography.Title level={2} style={{ margin: 0, fontSize: '1.3em' }}>
          {t('portal.members.register')}
        </Typography.Title>
      }
    >
      <p className="qh-muted">{t('portal.members.registerHelp')}</p>
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} role="alert" /> : null}
      <Form<Values> form={form} layout="vertical" name="member-register" onFinish={(v) => void submit(v)} requiredMark={false}>
        <Form.Item
          label={t('portal.members.name')}
          name="name"
          rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('portal.members.name') }) }]}
        >
          <Input autoComplete="name" maxLength={40} />
        </Form.Item>
        <Form.Item
          label={t('portal.members.idNumber')}
          name="idNumber"
          rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('portal.members.idNumber') }) }]}
        >
          <Input autoComplete="off" maxLength={18} />
        </Form.Item>
        <Form.Item name="newForm" valuePropName="checked">
          <Checkbox>{t('portal.members.newForm')}</Checkbox>
        </Form.Item>
        {newForm ? (
          <Form.Item label={t('portal.members.newFormKind')} name="newFormKind" initialValue="food_delivery">
            <Select options={NEW_FORM_KINDS.map((k) => ({ value: k, label: t(`portal.members.kind.${k}`) }))} />
          </Form.Item>
        ) : null}
        <Form.Item
          label={t('portal.members.union')}
          name="orgId"
          rules={[{ required: true, message: t('common.required', { field: t('portal.members.union') }) }]}
        >
          <Select
            showSearch={{ filterOption: false, onSearch: search }}
            placeholder={t('portal.members.unionSearch')}
            options={options.map((o) => ({ value: o.id, label: `${o.name}（${o.regionName}）` }))}
          />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={busy}>
          {t('portal.members.submit')}
        </Button>
      </Form>
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
      <Typography.Title level={1} className="qh-portal-title">
        {t('portal.members.title')}
      </Typography.Title>
      {s.error ? <ErrorState error={s.error} onRetry={s.reload} /> : null}
      {me === undefined || (s.loading && !s.data) ? <LoadingState /> : null}
      {s.data?.member ? <Card_ member={s.data.member} /> : null}
      {s.data && !s.data.member && reg?.status === 'pending' ? (
        <Alert type="info" showIcon role="status" title={t('portal.members.pending', { org: reg.orgName })} />
      ) : null}
      {s.data && !s.data.member && reg?.status !== 'pending' ? (
        <>
          {reg?.status === 'rejected' ? (
            <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={t('portal.members.rejected', { reason: reg.reason ?? '' })} />
          ) : null}
          <RegisterForm onDone={s.reload} />
        </>
      ) : null}
    </>
  );
}
