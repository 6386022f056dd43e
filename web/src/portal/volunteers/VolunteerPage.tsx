import { useState } from 'react';
import { Navigate } from 'react-router-dom';
import { errorMessage } from '../../api';
import { volunteersApi } from '../../api/volunteers';
import { skillLabel, VOLUNTEER_SKILLS } from '../../components/skills';
import { usePrefs } from '../../prefs';
import { citizenCall, useCitizen, useCitizenEndpoint, when } from '../activities/citizen';
import {
  buttonClass,
  Button,
  Card,
  Empty,
  ErrorView,
  Field,
  FormAlert,
  Loading,
  PageTitle,
  Tag,
  TextInput,
  useLightForm,
  useToast,
  type FieldBinding,
} from '../ui';
import './volunteers.css';

const MAX_SKILLS = 12;

/**
 * The volunteer's skills: the listed ones and any the volunteer typed before as checkboxes, and a box to add one of
 * their own; at most twelve.
 */
function SkillPicker({ field }: { field: FieldBinding<string[]> }) {
  const { t } = usePrefs();
  const [other, setOther] = useState('');
  const value = field.value ?? [];
  const full = value.length >= MAX_SKILLS;
  const all = [...VOLUNTEER_SKILLS, ...value.filter((s) => !(VOLUNTEER_SKILLS as readonly string[]).includes(s))];
  const toggle = (s: string, on: boolean) => field.set(on ? [...value, s] : value.filter((x) => x !== s));
  const add = () => {
    const s = other.trim();
    if (!s || full) return;
    if (!value.includes(s)) field.set([...value, s]);
    setOther('');
  };
  const otherId = `${field.id}-other`;
  return (
    <fieldset className={`qh-p-field${field.error ? ' qh-p-field-invalid' : ''}`} aria-describedby={field.helpId}>
      <legend className="qh-p-label">{t('portal.volunteers.skills')}</legend>
      <div className="qh-vol-skills">
        {all.map((s, i) => {
          const on = value.includes(s);
          return (
            <label key={s} className="qh-p-check">
              <input id={i === 0 ? field.id : undefined} type="checkbox" checked={on} disabled={!on && full} onChange={(e) => toggle(s, e.target.checked)} />
              <span>{skillLabel(t, s)}</span>
            </label>
          );
        })}
      </div>
      <label className="qh-vol-sublabel" htmlFor={otherId}>
        {t('portal.volunteers.otherSkill')}
      </label>
      <div className="qh-vol-add">
        <input
          id={otherId}
          className="qh-p-input"
          maxLength={20}
          value={other}
          disabled={full}
          enterKeyHint="done"
          onChange={(e) => setOther(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              add();
            }
          }}
        />
        <Button onClick={add} disabled={full || !other.trim()}>
          {t('portal.volunteers.addSkill')}
        </Button>
      </div>
      <div id={field.helpId} className="qh-p-help">
        {field.error ? (
          <div className="qh-p-error" role="alert">
            {field.error}
          </div>
        ) : null}
        <div className="qh-muted">{t('portal.volunteers.skillsHint', { n: MAX_SKILLS })}</div>
      </div>
    </fieldset>
  );
}

type Volunteer = { skills: string[]; availability: string } | null;

/** Sign-up as a volunteer, or the volunteer's skills and availability to change. */
function VolunteerForm({ v, onSaved }: { v: Volunteer; onSaved: () => void }) {
  const { t, lang } = usePrefs();
  const toast = useToast();
  const form = useLightForm<{ skills: string[]; availability: string }>({ skills: v?.skills ?? [], availability: v?.availability ?? '' });
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const save = async () => {
    if (saving) return;
    const values = form.valuesRef.current;
    setSaving(true);
    setError(null);
    try {
      await citizenCall(volunteersApi.portalSignUp, lang, { body: { skills: values.skills ?? [], availability: values.availability ?? '' } });
      toast.success(t('portal.volunteers.saved'));
      onSaved();
    } catch (e) {
      setError(form.serverError(e));
    } finally {
      setSaving(false);
    }
  };
  const availability = form.field('availability');
  return (
    <Card title={v ? t('portal.volunteers.profile') : t('portal.volunteers.signUp')}>
      <FormAlert message={error} />
      <form
        name="volunteer"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <SkillPicker field={form.field('skills')} />
        <Field label={t('portal.volunteers.availability')} field={availability}>
          <TextInput field={availability} maxLength={200} placeholder={t('portal.volunteers.availabilityPlaceholder')} />
        </Field>
        <Button variant="primary" type="submit" block loading={saving}>
          {v ? t('common.save') : t('portal.volunteers.signUp')}
        </Button>
      </form>
    </Card>
  );
}

/** Volunteer sign-up, open needs to apply for, my hours ledger and certificates. */
export function PortalVolunteerPage() {
  const { t, lang } = usePrefs();
  const toast = useToast();
  const { me } = useCitizen();
  const mine = useCitizenEndpoint(volunteersApi.portalMe, me ? {} : null);
  const needs = useCitizenEndpoint(volunteersApi.portalNeeds, { query: { pageSize: 20 } });
  if (me === null) return <Navigate to="/portal/sign-in?next=/portal/volunteers" replace />;
  if (mine.error) return <ErrorView error={mine.error} onRetry={mine.reload} />;
  if (!me || !mine.data) return <Loading />;
  const v = mine.data.volunteer;

  const apply = async (needId: number) => {
    try {
      await citizenCall(volunteersApi.portalApply, lang, { params: { id: needId }, body: {} });
      toast.success(t('portal.volunteers.applied'));
      mine.reload();
    } catch (e) {
      toast.error(errorMessage(e));
    }
  };
  const appliedTo = new Set(mine.data.applications.map((a) => a.needId));

  return (
    <>
      <PageTitle>{t('portal.volunteers.title')}</PageTitle>
      {v ? (
        <p>
          <strong>{t('portal.volunteers.total', { h: v.confirmedHours })}</strong>
        </p>
      ) : (
        <p className="qh-muted">{t('portal.volunteers.signUpHint')}</p>
      )}
      <VolunteerForm v={v} onSaved={mine.reload} />

      <h2 className="qh-vol-h2">{t('portal.volunteers.needs')}</h2>
      {needs.error ? (
        <ErrorView error={needs.error} onRetry={needs.reload} />
      ) : !needs.data ? (
        <Loading />
      ) : needs.data.items.length === 0 ? (
        <Empty>{t('portal.volunteers.noNeeds')}</Empty>
      ) : (
        <ul className="qh-portal-cards">
          {needs.data.items.map((n) => (
            <li key={n.id} className="qh-p-card">
              <strong>{n.role}</strong>
              <div className="qh-muted">
                {n.orgName}
                {n.activityTitle ? ` · ${n.activityTitle}` : ''}
              </div>
              <div className="qh-muted">{`${when(n.startsAt, lang)} – ${when(n.endsAt, lang)}`}</div>
              <div>{t('portal.volunteers.headcount', { c: n.confirmed, n: n.headcount })}</div>
              <Button
                style={{ marginTop: 8 }}
                block
                disabled={!v || appliedTo.has(n.id)}
                onClick={() => void apply(n.id)}
                aria-describedby={!v ? `need-${n.id}-why` : undefined}
              >
                {appliedTo.has(n.id) ? t('portal.volunteers.alreadyApplied') : t('portal.volunteers.apply')}
              </Button>
              {/* A disabled button says why: sign up as a volunteer first (the form above). */}
              {!v ? (
                <div id={`need-${n.id}-why`} className="qh-muted" style={{ marginTop: 4 }}>
                  {t('portal.volunteers.applyNeedsSignUp')}
                </div>
              ) : null}
            </li>
          ))}
        </ul>
      )}

      {v ? (
        <>
          <h2 className="qh-vol-h2">{t('portal.volunteers.myApplications')}</h2>
          <ul className="qh-vol-list">
            {mine.data.applications.length === 0 ? <li className="qh-muted">{t('common.empty')}</li> : null}
            {mine.data.applications.map((a) => (
              <li key={a.id} className="qh-vol-row">
                <span>
                  {a.role} · {a.orgName}
                </span>
                <Tag tone="plain">{t(`vol.app.status.${a.status}` as never)}</Tag>
              </li>
            ))}
          </ul>
          <h2 className="qh-vol-h2">{t('portal.volunteers.ledger')}</h2>
          <ul className="qh-vol-list">
            {mine.data.hours.length === 0 ? <li className="qh-muted">{t('common.empty')}</li> : null}
            {mine.data.hours.map((h) => (
              <li key={h.id}>
                <div className="qh-vol-row">
                  <span>
                    {h.serviceDate} · {t('portal.volunteers.hours', { h: h.hours })}
                  </span>
                  <Tag tone={h.status === 'confirmed' ? 'ok' : 'muted'}>{t(`vol.hours.status.${h.status}` as never)}</Tag>
                </div>
                <div className="qh-muted">
                  {h.orgName} · {h.role ? `${h.role}：` : ''}
                  {h.content}
                </div>
              </li>
            ))}
          </ul>
          {mine.data.certifiers.length ? (
            <>
              <h2 className="qh-vol-h2">{t('portal.volunteers.certificates')}</h2>
              <div className="qh-vol-certs">
                {mine.data.certifiers.map((c) => (
                  <a key={c.orgId} className={buttonClass('default', true)} href={volunteersApi.portalCertificate.path({ query: { orgId: c.orgId } })}>
                    {t('portal.volunteers.download', { org: c.orgName })}
                  </a>
                ))}
              </div>
            </>
          ) : null}
        </>
      ) : null}
    </>
  );
}
