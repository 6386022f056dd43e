import { App, Button, Checkbox, DatePicker, Flex, Form, Input, InputNumber, Select, Switch, Tabs, Tag, TimePicker, Upload } from 'antd';
import { Table } from '../../components/Table';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import type { HoursException, NewVenue, VenueDetail, Weekly } from '@contracts/venues';
import { MODEL_LEVELS } from '@contracts/venues.enums';
import { venuesApi } from '../../api/venues';
import { FormAlert } from '../../components/FormAlert';
import { applyFormError } from '../../components/form-errors';
import { OrgSelect } from '../../components/OrgSelect';
import { PageTitle, SectionTitle } from '../../components/PageTitle';
import { RegionSelect } from '../../components/RegionSelect';
import { DataState } from '../../components/states';
import { useEndpoint } from '../../components/use-api';
import { usePrefs, useT } from '../../prefs';
import { useSession } from '../../session';
import { uploadFile } from '../requests/shared';
import { useVenueTypes } from './use-venue-types';
import { useClearable } from '../../components/clearable';

type InfoValues = {
  typeCode?: string;
  modelLevel?: NewVenue['modelLevel'];
  name: string;
  regionCode?: string;
  managingOrgId?: number;
  address?: string;
  description?: string;
  accessibility?: string[];
  accessibilityNote?: string;
  openOnHolidays?: boolean;
  approvalRequired?: boolean;
  monthlyQuotaHours?: number | null;
};

const HHMM = 'HH:mm';
const hm = (s: string) => dayjs(`2000-01-01T${s}`);

/** The venue form: a new venue (type, region, managing unit) or the basic fields and booking rules of one I manage. */
function InfoForm({ venue, onSaved }: { venue?: VenueDetail; onSaved: (id: number) => void }) {
  const clearable = useClearable();
  const t = useT();
  const [form] = Form.useForm<InfoValues>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const types = useVenueTypes();
  const typeCode = Form.useWatch('typeCode', form) ?? venue?.typeCode;
  const withLevel = types.items.find((x) => x.code === typeCode)?.hasModelLevel ?? false;
  const submit = async (v: InfoValues) => {
    setBusy(true);
    setError(null);
    try {
      const common = {
        name: v.name,
        address: v.address ?? '',
        description: v.description ?? '',
        accessibility: v.accessibility ?? [],
        accessibilityNote: v.accessibilityNote ?? '',
        openOnHolidays: v.openOnHolidays ?? false,
        approvalRequired: v.approvalRequired ?? true,
        monthlyQuotaHours: v.monthlyQuotaHours ?? null,
        ...(withLevel ? { modelLevel: v.modelLevel ?? null } : {}),
      };
      if (venue) {
        await venuesApi.update.call({ params: { id: venue.id }, body: { version: venue.version, ...common } });
        onSaved(venue.id);
      } else {
        // The form requires the type, region and managing unit of a new venue.
        const r = await venuesApi.create.call({ body: { typeCode: v.typeCode!, regionCode: v.regionCode!, managingOrgId: v.managingOrgId!, ...common } });
        onSaved(r.id);
      }
    } catch (err) {
      setError(applyFormError(form, err));
    } finally {
      setBusy(false);
    }
  };
  const required = (field: string) => [{ required: true, message: t('common.required', { field }) }];
  return (
    <Form
      form={form}
      name="venue"
      layout="vertical"
      onFinish={submit}
      style={{ maxWidth: 720 }}
      initialValues={
        venue ? { ...venue, monthlyQuotaHours: venue.monthlyQuotaHours ?? undefined } : { openOnHolidays: false, approvalRequired: true, accessibility: [] }
      }
    >
      <FormAlert message={error} />
      {venue ? null : (
        <>
          <Form.Item name="typeCode" label={t('venue.field.type')} rules={required(t('venue.field.type'))}>
            <Select options={types.active.map((x) => ({ value: x.code, label: types.label(x.code) }))} />
          </Form.Item>
          <Form.Item name="regionCode" label={t('venue.field.region')} rules={required(t('venue.field.region'))} extra={t('venue.edit.regionHint')}>
            <RegionSelect aria-label={t('venue.field.region')} />
          </Form.Item>
          <Form.Item name="managingOrgId" label={t('venue.field.manager')} rules={required(t('venue.field.manager'))}>
            <OrgSelect aria-label={t('venue.field.manager')} />
          </Form.Item>
        </>
      )}
      {withLevel ? (
        <Form.Item name="modelLevel" label={t('venue.field.modelLevel')}>
          <Select allowClear={clearable} options={MODEL_LEVELS.map((x) => ({ value: x, label: t(`venue.model.${x}` as never) }))} />
        </Form.Item>
      ) : null}
      <Form.Item name="name" label={t('venue.field.name')} rules={[...required(t('venue.field.name')), { max: 120 }]}>
        <Input maxLength={120} />
      </Form.Item>
      <Form.Item name="address" label={t('venue.field.address')} rules={[{ max: 200 }]}>
        <Input maxLength={200} />
      </Form.Item>
      <Form.Item name="description" label={t('venue.edit.description')} rules={[{ max: 2000 }]}>
        <Input.TextArea rows={3} maxLength={2000} />
      </Form.Item>
      <Form.Item name="accessibility" label={t('venue.field.accessibility')}>
        <Select
          mode="tags"
          aria-label={t('venue.field.accessibility')}
          options={['无障碍通道', '无障碍卫生间', '电梯', '母婴室'].map((x) => ({ value: x, label: x }))}
        />
      </Form.Item>
      <Form.Item name="openOnHolidays" label={t('venue.edit.openOnHolidays')} valuePropName="checked">
        <Switch />
      </Form.Item>
      <SectionTitle id="rules">{t('venue.edit.rules')}</SectionTitle>
      <Form.Item name="approvalRequired" label={t('venue.edit.approvalRequired')} valuePropName="checked" extra={t('venue.edit.approvalHint')}>
        <Switch />
      </Form.Item>
      <Form.Item name="monthlyQuotaHours" label={t('venue.edit.generalQuota')} extra={t('venue.edit.generalQuotaHint')}>
        <InputNumber min={1} max={744} style={{ width: 200 }} />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={busy}>
        {venue ? t('common.save') : t('venue.edit.create')}
      </Button>
    </Form>
  );
}

function RoomsTab({ venue, reload }: { venue: VenueDetail; reload: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ name: string; capacity: number; facilities?: string[] }>();
  const [error, setError] = useState<string | null>(null);
  const add = async (v: { name: string; capacity: number; facilities?: string[] }) => {
    setError(null);
    try {
      await venuesApi.addRoom.call({ params: { id: venue.id }, body: { name: v.name, capacity: v.capacity, facilities: v.facilities ?? [] } });
      form.resetFields();
      void message.success(t('common.saved'));
      reload();
    } catch (err) {
      setError(applyFormError(form, err));
    }
  };
  const setStatus = async (id: number, status: 'active' | 'archived') => {
    await venuesApi.updateRoom.call({ params: { id }, body: { status } });
    reload();
  };
  return (
    <Flex vertical gap="middle">
      <Table
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={venue.rooms}
        columns={[
          { title: t('venue.booking.room'), dataIndex: 'name' },
          { title: t('venue.room.capacity'), dataIndex: 'capacity' },
          { title: t('venue.room.facilities'), dataIndex: 'facilities', render: (f: string[]) => f.map((x) => <Tag key={x}>{x}</Tag>) },
          { title: t('venue.edit.status'), dataIndex: 'status', render: (s: string) => (s === 'active' ? t('venue.edit.inUse') : t('venue.edit.retired')) },
          {
            title: t('common.actions'),
            key: 'a',
            render: (_, r) => (
              <Button size="small" onClick={() => void setStatus(r.id, r.status === 'active' ? 'archived' : 'active')}>
                {r.status === 'active' ? t('venue.edit.retire') : t('venue.edit.restore')}
              </Button>
            ),
          },
        ]}
      />
      <SectionTitle id="add-room">{t('venue.edit.addRoom')}</SectionTitle>
      <FormAlert message={error} />
      <Form form={form} name="room" layout="inline" onFinish={add}>
        <Form.Item
          name="name"
          label={t('venue.booking.room')}
          rules={[{ required: true, message: t('common.required', { field: t('venue.booking.room') }) }, { max: 80 }]}
        >
          <Input maxLength={80} />
        </Form.Item>
        <Form.Item
          name="capacity"
          label={t('venue.room.capacity')}
          rules={[{ required: true, message: t('common.required', { field: t('venue.room.capacity') }) }]}
        >
          <InputNumber min={1} max={10000} />
        </Form.Item>
        <Form.Item name="facilities" label={t('venue.room.facilities')}>
          <Select
            mode="tags"
            style={{ minWidth: 200 }}
            aria-label={t('venue.room.facilities')}
            options={['投影', '音响', '电脑', '茶水'].map((x) => ({ value: x, label: x }))}
          />
        </Form.Item>
        <Button htmlType="submit">{t('venue.edit.addRoom')}</Button>
      </Form>
    </Flex>
  );
}

type DayHours = { range?: [Dayjs, Dayjs] | null };

function HoursTab({ venue, reload }: { venue: VenueDetail; reload: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const [days, setDays] = useState<DayHours[]>([]);
  const [exceptions, setExceptions] = useState<HoursException[]>(venue.exceptions);
  const [error, setError] = useState<string | null>(null);
  const [exDay, setExDay] = useState<Dayjs | null>(null);
  const [exClosed, setExClosed] = useState(true);
  const [exRange, setExRange] = useState<[Dayjs, Dayjs] | null>(null);
  const [exNote, setExNote] = useState('');
  useEffect(() => {
    setDays(
      [1, 2, 3, 4, 5, 6, 7].map((d) => {
        const w = venue.weekly.find((x) => x.weekday === d);
        return { range: w ? [hm(w.opens), hm(w.closes)] : null };
      }),
    );
    setExceptions(venue.exceptions);
  }, [venue]);
  const save = async () => {
    setError(null);
    const weekly: Weekly[] = days.flatMap((d, i) => (d.range ? [{ weekday: i + 1, opens: d.range[0].format(HHMM), closes: d.range[1].format(HHMM) }] : []));
    try {
      await venuesApi.setHours.call({ params: { id: venue.id }, body: { weekly, exceptions } });
      void message.success(t('common.saved'));
      reload();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  };
  const addException = () => {
    if (!exDay) return;
    const day = exDay.format('YYYY-MM-DD');
    setExceptions((xs) =>
      [
        ...xs.filter((x) => x.day !== day),
        {
          day,
          closed: exClosed,
          opens: exClosed ? null : (exRange?.[0].format(HHMM) ?? null),
          closes: exClosed ? null : (exRange?.[1].format(HHMM) ?? null),
          note: exNote,
        },
      ].sort((a, b) => a.day.localeCompare(b.day)),
    );
    setExDay(null);
    setExNote('');
  };
  return (
    <Flex vertical gap="middle" style={{ maxWidth: 760 }}>
      <FormAlert message={error} />
      <SectionTitle id="weekly">{t('venue.edit.weekly')}</SectionTitle>
      {days.map((d, i) => (
        <Flex key={i} gap="middle" align="center">
          <span style={{ width: 64 }} id={`wd-${i + 1}`}>
            {t(`venue.weekday.${i + 1}` as never)}
          </span>
          <Switch
            aria-labelledby={`wd-${i + 1}`}
            checked={!!d.range}
            onChange={(on) => setDays((xs) => xs.map((x, j) => (j === i ? { range: on ? [hm('09:00'), hm('17:00')] : null } : x)))}
          />
          {d.range ? (
            <TimePicker.RangePicker
              format={HHMM}
              minuteStep={15}
              value={d.range}
              aria-label={t(`venue.weekday.${i + 1}` as never)}
              onChange={(v) => v?.[0] && v[1] && setDays((xs) => xs.map((x, j) => (j === i ? { range: [v[0]!, v[1]!] } : x)))}
            />
          ) : (
            <span>{t('venue.hours.closed')}</span>
          )}
        </Flex>
      ))}
      <SectionTitle id="exceptions">{t('venue.hours.exceptions')}</SectionTitle>
      <Table
        rowKey="day"
        size="small"
        pagination={false}
        dataSource={exceptions}
        columns={[
          { title: t('venue.booking.date'), dataIndex: 'day' },
          { title: t('venue.edit.hoursThatDay'), key: 'h', render: (_, e) => (e.closed ? t('venue.hours.closed') : `${e.opens}–${e.closes}`) },
          { title: t('venue.edit.note'), dataIndex: 'note' },
          {
            title: t('common.actions'),
            key: 'a',
            render: (_, e) => (
              <Button size="small" onClick={() => setExceptions((xs) => xs.filter((x) => x.day !== e.day))}>
                {t('venue.edit.remove')}
              </Button>
            ),
          },
        ]}
      />
      <Flex gap="small" wrap align="center">
        <DatePicker value={exDay} onChange={setExDay} aria-label={t('venue.booking.date')} placeholder={t('venue.booking.date')} />
        <Checkbox checked={exClosed} onChange={(e) => setExClosed(e.target.checked)}>
          {t('venue.edit.closedThatDay')}
        </Checkbox>
        {exClosed ? null : (
          <TimePicker.RangePicker
            format={HHMM}
            minuteStep={15}
            value={exRange}
            onChange={(v) => setExRange(v?.[0] && v[1] ? [v[0], v[1]] : null)}
            aria-label={t('venue.edit.hoursThatDay')}
          />
        )}
        <Input
          style={{ width: 200 }}
          value={exNote}
          maxLength={200}
          onChange={(e) => setExNote(e.target.value)}
          placeholder={t('venue.edit.note')}
          aria-label={t('venue.edit.note')}
        />
        <Button onClick={addException} disabled={!exDay}>
          {t('venue.edit.addException')}
        </Button>
      </Flex>
      <div>
        <Button type="primary" onClick={() => void save()}>
          {t('venue.edit.saveHours')}
        </Button>
      </div>
    </Flex>
  );
}

function PartnersTab({ venue, reload }: { venue: VenueDetail; reload: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const [cobuilder, setCobuilder] = useState<number | undefined>();
  const [error, setError] = useState<string | null>(null);
  const [form] = Form.useForm<{ orgId: number; service: string; schedule?: string; period: [Dayjs, Dayjs | null] }>();
  const setCobuilders = async (ids: number[]) => {
    setError(null);
    try {
      await venuesApi.update.call({ params: { id: venue.id }, body: { version: venue.version, cobuilderOrgIds: ids } });
      setCobuilder(undefined);
      reload();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  };
  const addProject = async (v: { orgId: number; service: string; schedule?: string; period: [Dayjs, Dayjs | null] }) => {
    setError(null);
    try {
      await venuesApi.addProject.call({
        params: { id: venue.id },
        body: {
          orgId: v.orgId,
          service: v.service,
          schedule: v.schedule ?? '',
          startsOn: v.period[0].format('YYYY-MM-DD'),
          endsOn: v.period[1]?.format('YYYY-MM-DD') ?? null,
        },
      });
      form.resetFields();
      void message.success(t('common.saved'));
      reload();
    } catch (err) {
      setError(applyFormError(form, err));
    }
  };
  return (
    <Flex vertical gap="middle">
      <FormAlert message={error} />
      <SectionTitle id="cobuilders">{t('venue.field.cobuilders')}</SectionTitle>
      <Flex gap="small" wrap>
        {venue.cobuilders.length ? (
          venue.cobuilders.map((c) => (
            <Tag
              key={c.orgId}
              closable
              closeIcon={<span aria-label={t('venue.edit.removeNamed', { name: c.name })}>×</span>}
              onClose={(e) => {
                e.preventDefault();
                void setCobuilders(venue.cobuilders.filter((x) => x.orgId !== c.orgId).map((x) => x.orgId));
              }}
            >
              {c.name}
            </Tag>
          ))
        ) : (
          <span>{t('common.none')}</span>
        )}
      </Flex>
      <Flex gap="small">
        <div style={{ minWidth: 280 }}>
          <OrgSelect value={cobuilder} onChange={(v) => setCobuilder(v)} aria-label={t('venue.edit.addCobuilder')} placeholder={t('venue.edit.addCobuilder')} />
        </div>
        <Button disabled={!cobuilder} onClick={() => cobuilder && void setCobuilders([...venue.cobuilders.map((x) => x.orgId), cobuilder])}>
          {t('venue.edit.add')}
        </Button>
      </Flex>
      <SectionTitle id="projects">{t('venue.tab.projects')}</SectionTitle>
      <Table
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={venue.projects}
        columns={[
          { title: t('venue.project.service'), dataIndex: 'service' },
          { title: t('venue.project.org'), dataIndex: 'orgName' },
          { title: t('venue.project.schedule'), dataIndex: 'schedule' },
          { title: t('venue.project.period'), key: 'p', render: (_, p) => `${p.startsOn} – ${p.endsOn ?? ''}` },
          {
            title: t('common.actions'),
            key: 'a',
            render: (_, p) => (
              <Button size="small" onClick={() => void venuesApi.removeProject.call({ params: { id: p.id } }).then(reload)}>
                {t('venue.edit.remove')}
              </Button>
            ),
          },
        ]}
      />
      <Form form={form} name="project" layout="vertical" onFinish={addProject} style={{ maxWidth: 560 }}>
        <Form.Item name="orgId" label={t('venue.project.org')} rules={[{ required: true, message: t('common.required', { field: t('venue.project.org') }) }]}>
          <OrgSelect aria-label={t('venue.project.org')} />
        </Form.Item>
        <Form.Item
          name="service"
          label={t('venue.project.service')}
          rules={[{ required: true, message: t('common.required', { field: t('venue.project.service') }) }, { max: 120 }]}
        >
          <Input maxLength={120} />
        </Form.Item>
        <Form.Item name="schedule" label={t('venue.project.schedule')} rules={[{ max: 200 }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item
          name="period"
          label={t('venue.project.period')}
          rules={[{ required: true, message: t('common.required', { field: t('venue.project.period') }) }]}
        >
          <DatePicker.RangePicker allowEmpty={[false, true]} />
        </Form.Item>
        <Button htmlType="submit">{t('venue.edit.addProject')}</Button>
      </Form>
    </Flex>
  );
}

function PhotosTab({ venue, reload }: { venue: VenueDetail; reload: () => void }) {
  const t = useT();
  const { lang } = usePrefs();
  const { me } = useSession();
  const { message } = App.useApp();
  return (
    <Flex vertical gap="middle">
      <Flex gap="small" wrap>
        {venue.photos.map((p) => (
          <img
            key={p.id}
            src={venuesApi.photo.path({ params: { id: venue.id, photoId: p.id } })}
            alt={p.name}
            width={160}
            height={120}
            style={{ objectFit: 'cover', borderRadius: 4 }}
          />
        ))}
      </Flex>
      <Upload
        accept="image/jpeg,image/png,image/webp"
        showUploadList={false}
        customRequest={({ file, onSuccess, onError }) => {
          uploadFile(venuesApi.addPhoto.path({ params: { id: venue.id } }), file as File, me?.csrfToken ?? null, lang)
            .then((r) => {
              onSuccess?.(r);
              void message.success(t('common.saved'));
              reload();
            })
            .catch((err: Error) => {
              onError?.(err);
              void message.error(err.message);
            });
        }}
      >
        <Button>{t('venue.edit.uploadPhoto')}</Button>
      </Upload>
    </Flex>
  );
}

function QuotasTab({ venue }: { venue: VenueDetail }) {
  const t = useT();
  const { message } = App.useApp();
  const state = useEndpoint(venuesApi.quotas, { params: { id: venue.id } });
  const [rows, setRows] = useState<Array<{ orgId: number; orgName: string; monthlyHours: number }>>([]);
  const [org, setOrg] = useState<{ id: number; name: string } | undefined>();
  const [hours, setHours] = useState<number | null>(8);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (state.data) setRows(state.data.orgs);
  }, [state.data]);
  const save = async () => {
    setError(null);
    try {
      await venuesApi.setQuotas.call({ params: { id: venue.id }, body: { orgs: rows.map((r) => ({ orgId: r.orgId, monthlyHours: r.monthlyHours })) } });
      void message.success(t('common.saved'));
      state.reload();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  };
  return (
    <Flex vertical gap="middle" style={{ maxWidth: 760 }}>
      <p>{t('venue.edit.orgQuotaHint', { general: venue.monthlyQuotaHours ? t('venue.quotaHours', { n: venue.monthlyQuotaHours }) : t('venue.noQuota') })}</p>
      <FormAlert message={error} />
      <Table
        rowKey="orgId"
        size="small"
        pagination={false}
        loading={state.loading}
        dataSource={rows}
        columns={[
          { title: t('venue.booking.org'), dataIndex: 'orgName' },
          {
            title: t('venue.edit.monthlyHours'),
            key: 'h',
            render: (_, r) => (
              <InputNumber
                min={0}
                max={744}
                value={r.monthlyHours}
                aria-label={t('venue.edit.monthlyHoursOf', { name: r.orgName })}
                onChange={(v) => setRows((xs) => xs.map((x) => (x.orgId === r.orgId ? { ...x, monthlyHours: Number(v ?? 0) } : x)))}
              />
            ),
          },
          {
            title: t('common.actions'),
            key: 'a',
            render: (_, r) => (
              <Button size="small" onClick={() => setRows((xs) => xs.filter((x) => x.orgId !== r.orgId))}>
                {t('venue.edit.remove')}
              </Button>
            ),
          },
        ]}
      />
      <Flex gap="small" wrap>
        <div style={{ minWidth: 280 }}>
          <OrgSelect
            value={org?.id}
            onChange={(id, o) => setOrg(id && o ? { id, name: o.name } : undefined)}
            aria-label={t('venue.booking.org')}
            placeholder={t('venue.booking.org')}
          />
        </div>
        <InputNumber min={0} max={744} value={hours} onChange={setHours} aria-label={t('venue.edit.monthlyHours')} />
        <Button
          disabled={!org || hours === null}
          onClick={() => {
            if (!org || hours === null) return;
            setRows((xs) => [...xs.filter((x) => x.orgId !== org.id), { orgId: org.id, orgName: org.name, monthlyHours: hours }]);
            setOrg(undefined);
          }}
        >
          {t('venue.edit.add')}
        </Button>
      </Flex>
      <div>
        <Button type="primary" onClick={() => void save()}>
          {t('venue.edit.saveQuotas')}
        </Button>
      </div>
    </Flex>
  );
}

/** Registers a venue (/venues/new) or edits one I manage (/venues/:id/edit): rooms, hours, partners, photos, booking rules. */
export function VenueEditPage() {
  const t = useT();
  const { id } = useParams();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const state = useEndpoint(venuesApi.get, id ? { params: { id: Number(id) } } : null);
  if (!id) {
    return (
      <>
        <PageTitle>{t('venue.edit.newTitle')}</PageTitle>
        <InfoForm
          onSaved={(vid) => {
            void message.success(t('common.saved'));
            void navigate(`/venues/${vid}/edit`);
          }}
        />
      </>
    );
  }
  return (
    <DataState state={state} title={t('venue.edit.title')}>
      {(v) => (
        <>
          <PageTitle extra={<Link to={`/venues/${v.id}`}>{t('venue.edit.view')}</Link>}>{t('venue.edit.titleOf', { name: v.name })}</PageTitle>
          <Tabs
            items={[
              {
                key: 'info',
                label: t('venue.tab.info'),
                children: (
                  <InfoForm
                    key={v.version}
                    venue={v}
                    onSaved={() => {
                      void message.success(t('common.saved'));
                      state.reload();
                    }}
                  />
                ),
              },
              { key: 'rooms', label: t('venue.rooms'), children: <RoomsTab venue={v} reload={state.reload} /> },
              { key: 'hours', label: t('venue.hours'), children: <HoursTab venue={v} reload={state.reload} /> },
              { key: 'partners', label: t('venue.edit.partners'), children: <PartnersTab venue={v} reload={state.reload} /> },
              { key: 'photos', label: t('venue.photos'), children: <PhotosTab venue={v} reload={state.reload} /> },
              { key: 'quotas', label: t('venue.edit.orgQuotas'), children: <QuotasTab venue={v} /> },
            ]}
          />
        </>
      )}
    </DataState>
  );
}
