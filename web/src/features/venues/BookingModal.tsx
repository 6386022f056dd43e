import { Alert, DatePicker, Form, Input, List, Modal, Select, Tag, TimePicker } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import type { Occurrence, VenueDetail } from '@contracts/venues';
import { ApiError, errorMessage } from '../../api';
import { venuesApi } from '../../api/venues';
import { useT } from '../../prefs';
import { chinaInstant, chinaLabel } from './types';

type Values = { roomId: number; date: Dayjs; time: [Dayjs, Dayjs]; purpose: string; repeat?: Dayjs | null };

/** Books a room; a refused slot shows the conflict (holder and time) and a weekly series lists each occurrence. */
export function BookingModal({ venue, open, onClose, onBooked }: { venue: VenueDetail; open: boolean; onClose: () => void; onBooked: () => void }) {
  const t = useT();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [conflict, setConflict] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<Occurrence[] | null>(null);

  const submit = async (v: Values) => {
    setBusy(true);
    setConflict(null);
    setError(null);
    setResult(null);
    const day = v.date.format('YYYY-MM-DD');
    try {
      const r = await venuesApi.book.call({
        body: {
          roomId: v.roomId,
          start: chinaInstant(day, v.time[0].format('HH:mm')),
          end: chinaInstant(day, v.time[1].format('HH:mm')),
          purpose: v.purpose,
          ...(v.repeat ? { repeatWeeklyUntil: v.repeat.format('YYYY-MM-DD') } : {}),
        },
      });
      onBooked();
      if (r.occurrences.length > 1 || r.occurrences.some((o) => o.status !== 'confirmed' && o.status !== 'pending')) setResult(r.occurrences);
      else {
        form.resetFields();
        onClose();
      }
    } catch (err) {
      if (err instanceof ApiError && err.code === 'CONFLICT') setConflict(err.message);
      else setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      title={t('venue.book')}
      open={open}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.submit')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      destroyOnHidden
    >
      <Alert type="info" showIcon style={{ marginBottom: 12 }} title={venue.canBookDirectly ? t('venue.bookDirect') : t('venue.bookRequest')} />
      {conflict ? (
        <Alert role="alert" type="error" showIcon style={{ marginBottom: 12 }} title={t('venue.booking.conflictTitle')} description={conflict} />
      ) : null}
      {error ? <Alert role="alert" type="error" showIcon style={{ marginBottom: 12 }} title={error} /> : null}
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ roomId: venue.rooms[0]?.id }}>
        <Form.Item name="roomId" label={t('venue.booking.room')} rules={[{ required: true }]}>
          <Select options={venue.rooms.filter((r) => r.status === 'active').map((r) => ({ value: r.id, label: `${r.name}（${r.capacity}）` }))} />
        </Form.Item>
        <Form.Item name="date" label={t('venue.booking.date')} rules={[{ required: true, message: t('common.required', { field: t('venue.booking.date') }) }]}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="time" label={t('venue.booking.time')} rules={[{ required: true, message: t('common.required', { field: t('venue.booking.time') }) }]}>
          <TimePicker.RangePicker format="HH:mm" minuteStep={15} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item
          name="purpose"
          label={t('venue.booking.purpose')}
          rules={[{ required: true, message: t('common.required', { field: t('venue.booking.purpose') }) }, { max: 200 }]}
        >
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="repeat" label={t('venue.booking.repeat')} extra={t('venue.booking.repeatHint')}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
      </Form>
      {result ? (
        <>
          <Alert
            type={result.every((o) => o.bookingId) ? 'success' : 'warning'}
            showIcon
            title={t('venue.booking.done', { ok: result.filter((o) => o.bookingId).length, bad: result.filter((o) => !o.bookingId).length })}
          />
          <List
            size="small"
            dataSource={result}
            renderItem={(o) => (
              <List.Item>
                <span>
                  {chinaLabel(o.start)}–{chinaLabel(o.end).slice(11)}
                </span>
                <span>
                  <Tag color={o.status === 'confirmed' ? 'blue' : o.status === 'pending' ? undefined : 'red'}>{t(`venue.booking.${o.status}` as never)}</Tag>
                  {o.holder ?? ''}
                </span>
              </List.Item>
            )}
          />
        </>
      ) : null}
    </Modal>
  );
}
