import { UploadOutlined } from '@ant-design/icons';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import type { PortalIntake, PortalReceipt } from '@contracts/requests';
import { ApiError, request } from '../../api';
import { requestsApi } from '../../api/requests';
import { usePrefs } from '../../prefs';
import {
  Alert,
  Button,
  Card,
  Checkbox,
  ErrorView,
  Field,
  FileInput,
  FormAlert,
  PageTitle,
  required,
  SelectInput,
  TextArea,
  TextInput,
  useLightForm,
  useToast,
} from '../ui';
import { CategoryFieldsLight, useCategoryFieldRules, type FieldValue } from './CategoryFieldsLight';
import { CommunityPicker } from './CommunityPicker';
import { clearDraft, isNetworkFailure, loadDraft, newIdempotencyKey, saveDraft } from './draft';
import { categoryOptions, cleanFields, uploadPortalFile, usePortalCategories } from './portal-categories';
import './portal.css';

type Values = {
  categoryCode: string;
  description: string;
  regionCode: string;
  address?: string;
  contactName: string;
  contactPhone: string;
  consent: boolean;
  publishDescription?: boolean;
  fields?: Partial<Record<string, FieldValue | number>>;
};
type Main = Omit<Values, 'fields'>;
type Extra = Record<string, FieldValue>;

export type Submitted = PortalReceipt & { phone: string; failedFiles: string[] };

const MAX_FILES = 10;
const MAX_BYTES = 10 * 1024 * 1024;

/** The extra fields of a draft as the form holds them (numbers as typed text). */
const extraOf = (fields: Values['fields']): Extra => {
  const out: Extra = {};
  for (const [k, v] of Object.entries(fields ?? {})) if (v !== undefined) out[k] = typeof v === 'number' ? String(v) : v;
  return out;
};

/** A citizen submits a request (我要反映): what, where, who to call back, consent, optional photos. */
export function PortalSubmitPage() {
  const { t, lang } = usePrefs();
  const nav = useNavigate();
  const toast = useToast();
  // What was typed here before (a dropped network, a closed tab) comes back, with the key that makes its submission unique.
  const draft = useMemo(() => loadDraft<Values>(), []);
  const initial = useMemo(() => {
    const { fields, ...main } = draft?.values ?? {};
    return { main: main as Partial<Main>, extra: extraOf(fields) };
  }, [draft]);
  const req = (field: string) => required(t('common.required', { field }));
  const form = useLightForm<Main>(initial.main, {
    categoryCode: req(t('portal.requests.category')),
    description: req(t('portal.requests.description')),
    regionCode: required(t('portal.requests.areaRequired')),
    contactName: req(t('portal.requests.contactName')),
    contactPhone: req(t('portal.requests.contactPhone')),
    consent: required(t('portal.requests.consentRequired')),
  });
  const cats = usePortalCategories();
  const options = useMemo(() => categoryOptions(cats.items, lang), [cats.items, lang]);
  const cat = cats.items?.find((c) => c.code === form.values.categoryCode);
  const extra = useLightForm<Extra>(initial.extra, useCategoryFieldRules(cat?.fields));
  const [files, setFiles] = useState<File[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [draftShown, setDraftShown] = useState(Boolean(draft));
  const key = useRef(draft?.idempotencyKey ?? newIdempotencyKey());
  const [queued, setQueued] = useState(draft?.queued === true);
  const queuedRef = useRef(queued);
  queuedRef.current = queued;
  const sending = useRef(false);

  const keep = useCallback(
    (values: Partial<Values>, isQueued: boolean) =>
      saveDraft<Values>({ values, idempotencyKey: key.current, queued: isQueued, savedAt: new Date().toISOString() }),
    [],
  );
  const allValues = (): Partial<Values> => ({ ...form.valuesRef.current, fields: extra.valuesRef.current });

  // Typed values are kept on every change; the values the form starts with (or is reset to) are not a change.
  const untouched = useRef<{ main: unknown; extra: unknown }>({ main: form.values, extra: extra.values });
  useEffect(() => {
    if (form.values === untouched.current.main && extra.values === untouched.current.extra) return;
    keep({ ...form.values, fields: extra.values }, queuedRef.current);
  }, [form.values, extra.values, keep]);

  const submit = useCallback(
    async (v: Partial<Values>) => {
      // One submission at a time: the network's return and a tap on the button must not send the request twice.
      if (sending.current) return;
      sending.current = true;
      setBusy(true);
      setError(null);
      try {
        const phone = (v.contactPhone ?? '').trim();
        const body: PortalIntake = {
          categoryCode: v.categoryCode ?? '',
          description: (v.description ?? '').trim(),
          regionCode: v.regionCode ?? '',
          address: v.address?.trim() || undefined,
          contactName: (v.contactName ?? '').trim(),
          contactPhone: phone,
          fields: cleanFields(v.fields),
          consent: true,
          publishDescription: v.publishDescription === true,
        };
        // The citizen's submission carries its Idempotency-Key: a retry after a lost answer is answered, not entered twice.
        const r = await request<PortalReceipt>('POST', requestsApi.portalSubmit.path({ body }), body, { headers: { 'Idempotency-Key': key.current } });
        clearDraft();
        setQueued(false);
        const failedFiles: string[] = [];
        for (const f of files) {
          try {
            await uploadPortalFile(requestsApi.portalAttach.path({ params: { number: r.number } }), f, lang, phone);
          } catch {
            failedFiles.push(f.name);
          }
        }
        void nav('/portal/requests/submitted', { state: { ...r, phone, failedFiles } satisfies Submitted });
      } catch (err) {
        if (err instanceof ApiError && isNetworkFailure(err.status)) {
          keep(allValues(), true);
          setQueued(true);
        } else if (err instanceof ApiError && err.field?.startsWith('fields.')) {
          setError(extra.serverError(err, { [err.field]: err.field.slice('fields.'.length) }));
        } else {
          setError(form.serverError(err));
        }
      } finally {
        sending.current = false;
        setBusy(false);
      }
    },
    [files, keep, lang, nav],
  );

  // Both forms are checked; the extra fields last, so that the focus goes to the first invalid field in page order.
  const check = () => {
    const main = form.validate();
    return extra.validate() && main;
  };

  // A queued submission goes out when the network returns, or on opening the page when it is already back.
  const retry = useRef<() => void>(() => undefined);
  retry.current = () => {
    if (!queued || !check()) return;
    void submit(allValues());
  };
  useEffect(() => {
    const onOnline = () => retry.current();
    window.addEventListener('online', onOnline);
    if (navigator.onLine) onOnline();
    return () => window.removeEventListener('online', onOnline);
  }, []);

  const category = form.field('categoryCode');
  const description = form.field('description');
  const region = form.field('regionCode');
  const address = form.field('address');
  const contactName = form.field('contactName');
  const contactPhone = form.field('contactPhone');
  const attachments = { id: `${category.id}-files`, error: undefined, helpId: `${category.id}-files-help` };
  const catText = cat ? (lang === 'en' ? cat.descriptionEn : cat.description) : '';

  return (
    <>
      <PageTitle>{t('portal.requests.submitTitle')}</PageTitle>
      <p className="qh-muted">{t('portal.requests.submitHint')}</p>
      {queued ? (
        <Alert
          type="warning"
          role="status"
          className="qh-portal-card"
          title={t('portal.requests.queued')}
          description={files.length ? t('portal.requests.queuedFiles') : undefined}
        />
      ) : null}
      {draftShown && !queued ? (
        <Alert
          type="info"
          className="qh-portal-card"
          title={t('portal.requests.draftRestored')}
          action={
            <Button
              onClick={() => {
                clearDraft();
                key.current = newIdempotencyKey();
                untouched.current = { main: {}, extra: {} };
                form.reset(untouched.current.main as Partial<Main>);
                extra.reset(untouched.current.extra as Extra);
                setDraftShown(false);
              }}
            >
              {t('portal.requests.clearDraft')}
            </Button>
          }
        />
      ) : null}
      <FormAlert message={error} />
      <form
        name="portal-request"
        className="qh-portal-form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (check()) void submit(allValues());
        }}
      >
        <Card className="qh-portal-card" title={t('portal.requests.what')} region>
          <Field label={t('portal.requests.category')} field={category}>
            <SelectInput
              field={category}
              options={options}
              placeholder={cats.items || cats.error ? t('portal.requests.categoryPlaceholder') : t('common.loading')}
              onChange={() => {
                untouched.current.extra = null;
                extra.reset({});
              }}
            />
          </Field>
          {cats.error ? <ErrorView error={cats.error} onRetry={cats.reload} /> : null}
          {catText ? <p className="qh-muted">{catText}</p> : null}
          {cat ? <CategoryFieldsLight defs={cat.fields} bind={extra.field} /> : null}
          <Field label={t('portal.requests.description')} field={description}>
            <TextArea field={description} rows={5} maxLength={4000} placeholder={t('portal.requests.descriptionPlaceholder')} />
          </Field>
          <Field label={t('portal.requests.attachments')} field={attachments} hint={t('portal.requests.attachmentsHint')}>
            <FileInput
              id={attachments.id}
              files={files}
              onChange={setFiles}
              accept="image/jpeg,image/png,image/webp,application/pdf"
              maxFiles={MAX_FILES}
              maxBytes={MAX_BYTES}
              onRejected={(names) => toast.error(t('portal.requests.filesTooBig', { names: names.join('、') }))}
              buttonLabel={
                <>
                  <UploadOutlined aria-hidden /> {t('portal.requests.addFiles')}
                </>
              }
              removeLabel={(name) => t('portal.ui.removeFile', { name })}
              describedBy={attachments.helpId}
            />
          </Field>
        </Card>
        <Card className="qh-portal-card" title={t('portal.requests.where')} region>
          <Field label={t('portal.requests.area')} field={region}>
            <CommunityPicker field={region} />
          </Field>
          <Field label={t('portal.requests.address')} field={address}>
            <TextInput field={address} maxLength={200} autoComplete="street-address" />
          </Field>
        </Card>
        <Card className="qh-portal-card" title={t('portal.requests.contact')} region>
          <Field label={t('portal.requests.contactName')} field={contactName}>
            <TextInput field={contactName} maxLength={60} autoComplete="name" />
          </Field>
          <Field label={t('portal.requests.contactPhone')} field={contactPhone} hint={t('portal.requests.phoneHint')}>
            <TextInput field={contactPhone} hint maxLength={30} autoComplete="tel" inputMode="tel" type="tel" />
          </Field>
          <Checkbox field={form.field('consent')}>{t('portal.requests.consent')}</Checkbox>
          <Checkbox field={form.field('publishDescription')}>{t('portal.requests.publishDescription')}</Checkbox>
        </Card>
        <Button variant="primary" type="submit" block loading={busy}>
          {t('portal.requests.submit')}
        </Button>
      </form>
    </>
  );
}
