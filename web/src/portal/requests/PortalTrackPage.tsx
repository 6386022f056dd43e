import { UploadOutlined } from '@ant-design/icons';
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import type { PortalView } from '@contracts/requests';
import { ApiError, errorMessage } from '../../api';
import { requestsApi } from '../../api/requests';
import { dateTime, labelOf } from '../../components/labels';
import { usePrefs } from '../../prefs';
import { RatingCard } from '../RatingCard';
import {
  Alert,
  Button,
  Card,
  DescList,
  Field,
  FileInput,
  FormAlert,
  matches,
  PageTitle,
  required,
  Steps,
  Tag,
  TextArea,
  TextInput,
  useLightForm,
  useToast,
} from '../ui';
import { uploadPortalFile } from './portal-categories';
import { ProvisionalMark } from './ProvisionalMark';
import './portal.css';

const NUMBER_RE = /^QH-[0-9]{4}-[0-9]{6,9}$/i;
const STEP_OF: Record<string, number> = { dispatched: 0, returned: 0, accepted: 1, in_progress: 1, resolved: 2, closed: 3 };
const MAX_BYTES = 10 * 1024 * 1024;

type Query = { number: string; phone: string };

/** Follow a request by its number and the phone given at submission; add information; rate it once closed. */
export function PortalTrackPage() {
  const { t } = usePrefs();
  const [sp] = useSearchParams();
  const form = useLightForm<Query>(
    { number: sp.get('number') ?? '' },
    {
      number: [required(t('common.required', { field: t('portal.requests.number') })), matches(NUMBER_RE, t('portal.requests.numberFormat'))],
      phone: required(t('common.required', { field: t('portal.requests.contactPhone') })),
    },
  );
  const [query, setQuery] = useState<Query | null>(null);
  const [view, setView] = useState<PortalView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const load = async (q: Query) => {
    setBusy(true);
    setError(null);
    try {
      const v = await requestsApi.portalView.call({ params: { number: q.number }, query: { phone: q.phone } });
      setQuery(q);
      setView(v);
    } catch (err) {
      setView(null);
      setError(err instanceof ApiError && err.status === 404 ? t('portal.requests.notFound') : errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  const number = form.field('number');
  const phone = form.field('phone');
  return (
    <>
      <PageTitle>{t('portal.requests.trackTitle')}</PageTitle>
      <Card className="qh-portal-card">
        <FormAlert message={error} />
        <form
          name="portal-track"
          className="qh-portal-form"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            if (busy || !form.validate()) return;
            const v = form.valuesRef.current;
            void load({ number: (v.number ?? '').trim().toUpperCase(), phone: (v.phone ?? '').trim() });
          }}
        >
          <Field label={t('portal.requests.number')} field={number}>
            <TextInput field={number} placeholder="QH-2026-000123" autoComplete="off" autoCapitalize="characters" spellCheck={false} className="qh-mono" />
          </Field>
          <Field label={t('portal.requests.contactPhone')} field={phone}>
            <TextInput field={phone} type="tel" inputMode="tel" autoComplete="tel" maxLength={30} />
          </Field>
          <Button variant="primary" type="submit" block loading={busy}>
            {t('portal.requests.query')}
          </Button>
        </form>
      </Card>
      {view && query ? <ViewCard view={view} query={query} reload={() => void load(query)} /> : null}
    </>
  );
}

function ViewCard({ view, query, reload }: { view: PortalView; query: Query; reload: () => void }) {
  const { t } = usePrefs();
  const step = STEP_OF[view.status] ?? 0;
  const closed = view.status === 'closed';
  const steps = ['submitted', 'handling', 'resolved', 'closed'] as const;
  return (
    <>
      <Card className="qh-portal-card" title={t('portal.requests.statusOf', { number: view.number })}>
        <Steps
          label={t('portal.requests.status')}
          items={steps.map((s, i) => ({
            title: t(`portal.requests.step.${s}`),
            status: closed || i < step ? 'done' : i === step ? 'current' : 'wait',
          }))}
        />
        <DescList
          items={[
            [
              t('portal.requests.status'),
              <Tag tone={closed || view.status === 'resolved' ? 'ok' : 'info'}>{labelOf(t, 'portal.requests.st', view.status)}</Tag>,
            ],
            [t('portal.requests.category'), view.categoryName],
            [t('portal.requests.handler'), view.handlerOrgName],
            [t('portal.requests.submittedAt'), dateTime(view.submittedAt)],
            [
              t('portal.requests.due'),
              <>
                {view.resolveDue}
                <ProvisionalMark show={view.dueProvisional} />
              </>,
            ],
          ]}
        />
        {view.reply ? (
          <Alert type="success" role="status" title={t('portal.requests.reply')} description={<div className="qh-portal-desc">{view.reply}</div>} />
        ) : null}
      </Card>
      <Card className="qh-portal-card" title={t('portal.requests.progress')}>
        <Steps
          label={t('portal.requests.progress')}
          items={view.events.map((e) => ({
            title: labelOf(t, 'portal.requests.ev', e.kind),
            description: (
              <>
                <div>{dateTime(e.at)}</div>
                {e.note ? <div className="qh-portal-desc qh-portal-note">{e.note}</div> : null}
              </>
            ),
          }))}
        />
      </Card>
      {view.canRate ? (
        <RatingCard
          name="portal-rate"
          hint={t('portal.requests.rateHint')}
          send={(v) => requestsApi.portalRate.call({ params: { number: view.number }, body: { phone: query.phone, ...v } })}
          onDone={reload}
        />
      ) : null}
      {view.rating ? (
        <Card className="qh-portal-card" title={t('portal.requests.yourRating')}>
          <Tag tone={view.rating.level >= 4 ? 'bad' : 'ok'} style={{ fontSize: '1em', padding: '4px 8px' }}>
            {view.rating.label}
          </Tag>
          {view.rating.comment ? <p className="qh-portal-desc">{view.rating.comment}</p> : null}
        </Card>
      ) : null}
      {!closed ? <AddInfoCard number={view.number} phone={query.phone} onDone={reload} /> : null}
    </>
  );
}

function AddInfoCard({ number, phone, onDone }: { number: string; phone: string; onDone: () => void }) {
  const { t, lang } = usePrefs();
  const toast = useToast();
  const form = useLightForm<{ text: string }>({}, { text: required(t('common.required', { field: t('portal.requests.infoText') })) });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [uploading, setUploading] = useState(false);
  const submit = async () => {
    if (busy || !form.validate()) return;
    setBusy(true);
    setError(null);
    try {
      await requestsApi.portalInfo.call({ params: { number }, body: { phone, text: (form.valuesRef.current.text ?? '').trim() } });
      toast.success(t('portal.requests.infoAdded'));
      form.reset();
      onDone();
    } catch (err) {
      setError(form.serverError(err));
    } finally {
      setBusy(false);
    }
  };
  const upload = async (file: File) => {
    setUploading(true);
    try {
      await uploadPortalFile(requestsApi.portalAttach.path({ params: { number } }), file, lang, phone);
      toast.success(t('portal.requests.fileAdded', { name: file.name }));
      onDone();
    } catch (err) {
      toast.error(errorMessage(err));
    } finally {
      setUploading(false);
    }
  };
  const text = form.field('text');
  return (
    <Card className="qh-portal-card" title={t('portal.requests.addInfo')}>
      <FormAlert message={error} />
      <form
        name="portal-info"
        className="qh-portal-form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <Field label={t('portal.requests.infoText')} field={text}>
          <TextArea field={text} rows={3} maxLength={2000} />
        </Field>
        <Button variant="primary" type="submit" block loading={busy}>
          {t('portal.requests.infoSubmit')}
        </Button>
      </form>
      <div className="qh-portal-upload" aria-busy={uploading || undefined}>
        <FileInput
          id={`${text.id}-file`}
          files={[]}
          multiple={false}
          accept="image/jpeg,image/png,image/webp,application/pdf"
          maxBytes={MAX_BYTES}
          onRejected={(names) => toast.error(t('portal.requests.filesTooBig', { names: names.join('、') }))}
          onChange={(picked) => {
            const file = picked[0];
            if (file && !uploading) void upload(file);
          }}
          buttonLabel={
            <>
              {uploading ? <span className="qh-p-spin qh-p-spin-small" aria-hidden /> : <UploadOutlined aria-hidden />} {t('portal.requests.addFiles')}
            </>
          }
          removeLabel={(name) => t('portal.ui.removeFile', { name })}
        />
      </div>
    </Card>
  );
}
