import { App, Button, Form, Input, Modal, Tag } from 'antd';
import { Table } from '../../components/Table';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import type { Booking } from '@contracts/venues';
import { venuesApi } from '../../api/venues';
import { FormAlert } from '../../components/FormAlert';
import { applyFormError } from '../../components/form-errors';
import { PageTitle } from '../../components/PageTitle';
import { ErrorState } from '../../components/states';
import { useEndpoint } from '../../components/use-api';
import { useT } from '../../prefs';
import { addDays, chinaInstant, chinaLabel, chinaToday } from './types';

const STATUS_COLOR: Record<string, string | undefined> = { confirmed: 'blue', pending: undefined, rejected: 'red', cancelled: 'default' };

function StatusTag({ status }: { status: string }) {
  const t = useT();
  return <Tag color={STATUS_COLOR[status]}>{t(`venue.bookingStatus.${status}` as never)}</Tag>;
}

/** Cancels a booking at a venue I manage, with the reason its organization will read. */
function CancelModal({ booking, onClose, onDone }: { booking: Booking | null; onClose: () => void; onDone: () => void }) {
  const t = useT();
  const [form] = Form.useForm<{ reason: string }>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (v: { reason: string }) => {
    if (!booking) return;
    setBusy(true);
    setError(null);
    try {
      await venuesApi.cancelByVenue.call({ params: { id: booking.id }, body: { reason: v.reason } });
      form.resetFields();
      onDone();
    } catch (err) {
      setError(applyFormError(form, err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open={booking !== null}
      title={t('venue.cancel.title')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('venue.cancel.ok')}
      okButtonProps={{ danger: true }}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      destroyOnHidden
      forceRender
    >
      {booking ? (
        <p>{`${booking.venueName} · ${booking.roomName} · ${chinaLabel(booking.start)}–${chinaLabel(booking.end).slice(11)} · ${booking.orgName}`}</p>
      ) : null}
      <FormAlert message={error} />
      <Form form={form} name="cancelBooking" layout="vertical" onFinish={submit}>
        <Form.Item
          name="reason"
          label={t('venue.cancel.reason')}
          extra={t('venue.cancel.reasonHint')}
          rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('venue.cancel.reason') }) }, { max: 200 }]}
        >
          <Input.TextArea rows={3} maxLength={200} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** The bookings of a venue I manage over the next eight weeks; the staff cancel one with a reason. */
export function VenueBookingsList({ venueId }: { venueId: number }) {
  const t = useT();
  const { message } = App.useApp();
  const today = chinaToday();
  const list = useEndpoint(venuesApi.bookings, {
    params: { id: venueId },
    query: { from: chinaInstant(today, '00:00'), to: chinaInstant(addDays(today, 56), '00:00') },
  });
  const [cancelling, setCancelling] = useState<Booking | null>(null);
  if (list.error) return <ErrorState error={list.error} onRetry={list.reload} />;
  return (
    <>
      <Table<Booking>
        rowKey="id"
        size="small"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 800 }}
        columns={[
          { title: t('venue.booking.when'), key: 'w', render: (_, b) => `${chinaLabel(b.start)}–${chinaLabel(b.end).slice(11)}` },
          { title: t('venue.booking.room'), dataIndex: 'roomName' },
          { title: t('venue.booking.org'), dataIndex: 'orgName' },
          { title: t('venue.booking.purpose'), dataIndex: 'purpose' },
          { title: t('venue.edit.status'), dataIndex: 'status', render: (s: string) => <StatusTag status={s} /> },
          {
            title: t('common.actions'),
            key: 'a',
            render: (_, b) => (
              <Button size="small" danger onClick={() => setCancelling(b)}>
                {t('venue.cancel.title')}
              </Button>
            ),
          },
        ]}
      />
      <CancelModal
        booking={cancelling}
        onClose={() => setCancelling(null)}
        onDone={() => {
          setCancelling(null);
          void message.success(t('venue.cancel.done'));
          list.reload();
        }}
      />
    </>
  );
}

/** My organization's bookings (and those of units below it): status, and the venue's reason when it refused or cancelled one. */
export function MyBookingsPage() {
  const t = useT();
  const today = chinaToday();
  const list = useEndpoint(venuesApi.myBookings, {
    query: { from: chinaInstant(addDays(today, -30), '00:00'), to: chinaInstant(addDays(today, 120), '00:00') },
  });
  return (
    <>
      <PageTitle>{t('venue.mine.title')}</PageTitle>
      {list.error ? (
        <ErrorState error={list.error} onRetry={list.reload} />
      ) : (
        <Table<Booking>
          rowKey="id"
          loading={list.loading}
          dataSource={list.data?.items ?? []}
          scroll={{ x: 900 }}
          columns={[
            { title: t('venue.approvals.venue'), key: 'v', render: (_, b) => <Link to={`/venues/${b.venueId}`}>{`${b.venueName} · ${b.roomName}`}</Link> },
            { title: t('venue.booking.when'), key: 'w', render: (_, b) => `${chinaLabel(b.start)}–${chinaLabel(b.end).slice(11)}` },
            { title: t('venue.booking.org'), dataIndex: 'orgName' },
            { title: t('venue.booking.purpose'), dataIndex: 'purpose' },
            { title: t('venue.edit.status'), dataIndex: 'status', render: (s: string) => <StatusTag status={s} /> },
            { title: t('venue.mine.reason'), dataIndex: 'decisionNote', render: (n: string | null) => n ?? '' },
            {
              title: t('common.actions'),
              key: 'a',
              render: (_, b) =>
                b.status === 'confirmed' || b.status === 'pending' ? (
                  <Button size="small" onClick={() => void venuesApi.cancel.call({ params: { id: b.id }, body: {} }).then(list.reload)}>
                    {t('venue.mine.cancel')}
                  </Button>
                ) : null,
            },
          ]}
        />
      )}
    </>
  );
}
