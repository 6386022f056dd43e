import { PaperClipOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Descriptions, Flex, Row, Tag, Timeline, Typography, Upload } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { errorMessage } from '../../api';
import { useConfirm } from '../../components/confirm';
import { dateTime, labelOf } from '../../components/labels';
import { PageTitle, SectionTitle } from '../../components/PageTitle';
import { DataState } from '../../components/states';
import { useEndpoint } from '../../components/use-api';
import { usePrefs } from '../../prefs';
import { useSession } from '../../session';
import type { ActionResult, Category, RequestDetail, RequestStatus } from '@contracts/requests';
import { requestsApi } from '../../api/requests';
import { ActionModal, type ActionSpec } from './ActionModal';
import { appealSpec } from './rating-actions';
import { RevealTextButton } from './RevealTextButton';
import './requests.css';
import { fileSize, sendStep, StatusTags, uploadFile, useCategories } from './shared';
import { ProvisionalTag } from '../../components/ProvisionalTag';

const OPEN: readonly string[] = ['dispatched', 'returned', 'accepted', 'in_progress'] satisfies readonly RequestStatus[];

/** One request: what was asked, by whom (masked), the deadlines, the timeline, and the steps my role allows. */
export function RequestDetailPage() {
  const { id } = useParams();
  const { t } = usePrefs();
  const state = useEndpoint(requestsApi.get, { params: { id: Number(id) } });
  return (
    <DataState state={state} title={t('req.detail')}>
      {(r) => <Detail r={r} reload={state.reload} />}
    </DataState>
  );
}

function Detail({ r, reload }: { r: RequestDetail; reload: () => void }) {
  const { t, lang } = usePrefs();
  const { can, me } = useSession();
  const { message } = App.useApp();
  const confirm = useConfirm();
  const cats = useCategories(true);
  const [spec, setSpec] = useState<ActionSpec | null>(null);
  const [uploading, setUploading] = useState(false);
  const cat: Category | undefined = cats.items?.find((c) => c.code === r.categoryCode);
  const primary = r.access === 'primary';
  const s = r.status;
  const v = r.version;

  const act = (key: string, p: Omit<ActionSpec, 'title'> & { title?: string }, show: boolean, type: 'primary' | 'default' = 'default', danger = false) =>
    show ? (
      <Button key={key} type={type} danger={danger} onClick={() => setSpec({ title: p.title ?? t(`req.act.${key}` as never), ...p })}>
        {t(`req.act.${key}` as never)}
      </Button>
    ) : null;

  const handle = can('request.handle');
  const dispatch = can('request.dispatch');
  const buttons = [
    handle && primary && ['dispatched', 'returned'].includes(s) ? (
      <Button
        key="accept"
        type="primary"
        onClick={() =>
          confirm<ActionResult>({
            title: t('req.act.accept'),
            content: t('req.acceptHint', { number: r.number }),
            onOk: () => requestsApi.accept.call({ params: { id: r.id }, body: { version: v } }).then((x) => (reload(), x)),
          })
        }
      >
        {t('req.act.accept')}
      </Button>
    ) : null,
    act(
      'respond',
      { send: sendStep('respond', r.id), body: { version: v }, text: { label: 'req.field.publicNote', key: 'note', required: true } },
      handle && primary && ['accepted', 'in_progress'].includes(s),
    ),
    act(
      'resolve',
      {
        send: sendStep('resolve', r.id),
        body: { version: v },
        text: { label: 'req.field.reply', key: 'reply', required: true, rows: 6 },
        hint: t('req.resolveHint'),
      },
      handle && primary && ['accepted', 'in_progress'].includes(s),
      'primary',
    ),
    handle && primary && s === 'resolved' ? (
      <Button
        key="close"
        type="primary"
        onClick={() =>
          confirm<ActionResult>({
            title: t('req.act.close'),
            content: t('req.closeHint'),
            onOk: () => requestsApi.close.call({ params: { id: r.id }, body: { version: v } }).then((x) => (reload(), x)),
          })
        }
      >
        {t('req.act.close')}
      </Button>
    ) : null,
    act(
      'callback',
      { send: sendStep('callback', r.id), body: { version: v }, reached: true, text: { label: 'req.field.callbackNote', key: 'note', required: true } },
      handle && primary && s === 'closed' && !r.callback,
      'primary',
    ),
    act('note', { send: sendStep('note', r.id), text: { label: 'req.field.internalNote', key: 'note', required: true } }, handle && s !== 'closed'),
    act(
      'coHandler',
      {
        send: sendStep('addCoHandler', r.id),
        body: { version: v },
        org: { label: 'req.field.coOrg' },
        text: { label: 'req.field.note', key: 'note', required: false },
        hint: t('req.coHint'),
      },
      dispatch && primary && OPEN.includes(s),
    ),
    act(
      'dispatch',
      {
        send: sendStep('dispatch', r.id),
        body: { version: v },
        org: { label: 'req.field.targetOrg' },
        text: { label: 'req.field.note', key: 'note', required: false },
      },
      dispatch && primary && ['dispatched', 'returned'].includes(s),
    ),
    act(
      'transfer',
      {
        send: sendStep('transfer', r.id),
        body: { version: v },
        org: { label: 'req.field.targetOrg' },
        text: { label: 'req.field.reason', key: 'note', required: true },
        hint: t('req.transferHint'),
      },
      dispatch && primary && OPEN.includes(s),
    ),
    act(
      'escalate',
      { send: sendStep('escalate', r.id), body: { version: v }, text: { label: 'req.field.reason', key: 'note', required: true } },
      handle && primary && ['dispatched', 'accepted', 'in_progress'].includes(s),
    ),
    act(
      'return',
      { send: sendStep('return', r.id), body: { version: v }, text: { label: 'req.field.reason', key: 'note', required: true }, hint: t('req.returnHint') },
      handle && primary && ['dispatched', 'returned', 'accepted'].includes(s),
      'default',
      true,
    ),
    act(
      'supervise',
      {
        send: sendStep('supervise', r.id),
        body: { version: v },
        text: { label: 'req.field.superviseNote', key: 'note', required: true },
        date: { label: 'req.field.newDue', key: 'resolveDue' },
      },
      can('request.supervise') && r.overdue && r.handlerOrgId !== me?.orgId && s !== 'closed',
    ),
    act(
      'takeOver',
      { send: sendStep('takeOver', r.id), body: { version: v }, text: { label: 'req.field.reason', key: 'note', required: true }, hint: t('req.takeOverHint') },
      can('request.supervise') && r.overdue && r.handlerOrgId !== me?.orgId && OPEN.includes(s),
    ),
  ].filter(Boolean);

  const fieldLabel = (code: string) => {
    const d = cat?.fields.find((f) => f.code === code);
    if (!d) return code;
    return lang === 'en' && d.labelEn ? d.labelEn : d.label;
  };
  const fieldValue = (code: string, value: string | number | string[]) => {
    const d = cat?.fields.find((f) => f.code === code);
    const one = (v: string | number) => d?.values?.find((x) => x.key === String(v))?.name ?? String(v);
    return Array.isArray(value) ? value.map(one).join('、') : one(value);
  };
  const extra = Object.entries(r.extra);

  const upload = async (file: File) => {
    setUploading(true);
    try {
      await uploadFile(requestsApi.attach.path({ params: { id: r.id } }), file, me?.csrfToken ?? null, lang);
      void message.success(t('req.uploaded', { name: file.name }));
      reload();
    } catch (err) {
      void message.error(errorMessage(err));
    } finally {
      setUploading(false);
    }
  };

  return (
    <>
      <PageTitle tags={<StatusTags r={r} />} extra={<Link to="/requests">{t('req.backToInbox')}</Link>}>
        <span className="qh-mono">{r.number}</span>
      </PageTitle>
      {r.access === 'co_handler' ? <Alert type="info" showIcon title={t('req.coHandlerBanner')} style={{ marginBottom: 16 }} /> : null}
      {r.duplicateOf ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title={
            <>
              {t('req.duplicateOf')} <Link to={`/requests/${r.duplicateOf.id}`}>{r.duplicateOf.number}</Link>
            </>
          }
        />
      ) : null}
      <Card style={{ marginBottom: 16 }}>
        <SectionTitle>{t('req.actions')}</SectionTitle>
        {buttons.length ? <div className="qh-req-actions">{buttons}</div> : <Typography.Text className="qh-muted">{t('req.noActions')}</Typography.Text>}
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <Card className="qh-req-content">
            <SectionTitle>{t('req.content')}</SectionTitle>
            <Descriptions column={{ xs: 1, md: 2 }} size="small" bordered styles={{ label: { whiteSpace: 'nowrap' } }}>
              <Descriptions.Item label={t('req.category')}>{r.categoryName}</Descriptions.Item>
              <Descriptions.Item label={t('req.channel')}>{labelOf(t, 'req.channel', r.channel)}</Descriptions.Item>
              <Descriptions.Item label={t('req.region')}>{r.regionName}</Descriptions.Item>
              <Descriptions.Item label={t('req.address')}>{r.addressMasked ?? t('common.none')}</Descriptions.Item>
              <Descriptions.Item label={t('req.requester')}>{r.requesterNameMasked}</Descriptions.Item>
              <Descriptions.Item label={t('req.phone')}>
                <span className="qh-mono">{r.requesterPhoneMasked ?? t('common.none')}</span>
              </Descriptions.Item>
              {r.contactEmailMasked ? <Descriptions.Item label={t('req.email')}>{r.contactEmailMasked}</Descriptions.Item> : null}
              {Object.entries(r.fields).map(([k, val]) => (
                <Descriptions.Item key={k} label={fieldLabel(k)}>
                  {fieldValue(k, val)}
                </Descriptions.Item>
              ))}
              {r.channel === 'open311' ? (
                <>
                  <Descriptions.Item label={t('req.location')} span={2}>
                    {r.location.lat !== null && r.location.lng !== null ? (
                      <span className="qh-mono">{t('req.location.coords', { lat: r.location.lat.toFixed(6), lng: r.location.lng.toFixed(6) })}</span>
                    ) : null}{' '}
                    <Tag color={r.location.source === 'unresolved' ? 'warning' : undefined}>{labelOf(t, 'req.location.source', r.location.source)}</Tag>
                  </Descriptions.Item>
                  {r.mediaUrl ? (
                    <Descriptions.Item label={t('req.media')} span={2}>
                      {/* A link only: the platform never loads the client's file (no <img>, no referrer). */}
                      <a href={r.mediaUrl} target="_blank" rel="noopener noreferrer nofollow" className="qh-mono" style={{ wordBreak: 'break-all' }}>
                        {r.mediaUrl}
                      </a>
                      <div className="qh-muted">{t('req.mediaHint')}</div>
                    </Descriptions.Item>
                  ) : null}
                  {r.deviceId ? (
                    <Descriptions.Item label={t('req.deviceId')}>
                      <span className="qh-mono">{r.deviceId}</span>
                    </Descriptions.Item>
                  ) : null}
                  {r.accountId ? (
                    <Descriptions.Item label={t('req.accountId')}>
                      <span className="qh-mono">{r.accountId}</span>
                    </Descriptions.Item>
                  ) : null}
                </>
              ) : null}
              <Descriptions.Item label={t('req.publishDescription')} span={2}>
                {t(r.publishDescription ? 'req.publishDescription.yes' : 'req.publishDescription.no')}
              </Descriptions.Item>
            </Descriptions>
            {extra.length ? (
              <>
                <SectionTitle level={3}>{t('req.extra')}</SectionTitle>
                <Typography.Paragraph className="qh-muted">{t('req.extraHint')}</Typography.Paragraph>
                <Descriptions column={1} size="small" bordered styles={{ label: { whiteSpace: 'nowrap' } }}>
                  {extra.map(([k, val]) => (
                    <Descriptions.Item key={k} label={<span className="qh-mono">{k}</span>}>
                      <span style={{ wordBreak: 'break-all' }}>{Array.isArray(val) ? val.join('、') : val}</span>
                    </Descriptions.Item>
                  ))}
                </Descriptions>
              </>
            ) : null}
            <Flex align="center" justify="space-between" wrap>
              <SectionTitle level={3}>{t('req.description')}</SectionTitle>
              {can('people.reveal') ? <RevealTextButton requestId={r.id} /> : null}
            </Flex>
            <div className="qh-req-desc qh-req-text">{r.description}</div>
            {r.reply ? (
              <>
                <SectionTitle level={3}>{t('req.reply')}</SectionTitle>
                <div className="qh-req-desc qh-req-text">{r.reply}</div>
              </>
            ) : null}
          </Card>
          <Card style={{ marginTop: 16 }}>
            <SectionTitle>{t('req.handling')}</SectionTitle>
            <Descriptions column={{ xs: 1, md: 2, xl: 1, xxl: 2 }} size="small" bordered styles={{ label: { whiteSpace: 'nowrap' } }}>
              <Descriptions.Item label={t('req.handler')}>{r.handlerOrgName}</Descriptions.Item>
              <Descriptions.Item label={t('req.coHandlers')}>
                {r.coHandlers.length ? r.coHandlers.map((c) => <Tag key={c.orgId}>{c.orgName}</Tag>) : t('common.none')}
              </Descriptions.Item>
              <Descriptions.Item label={t('req.submittedAt')}>{dateTime(r.submittedAt)}</Descriptions.Item>
              <Descriptions.Item label={t('req.acceptDue')}>
                {r.acceptDue} {r.acceptedAt ? <span className="qh-muted">（{t('req.doneAt', { at: dateTime(r.acceptedAt) })}）</span> : null}
              </Descriptions.Item>
              <Descriptions.Item label={t('req.responseDue')}>
                {r.responseDue} {r.respondedAt ? <span className="qh-muted">（{t('req.doneAt', { at: dateTime(r.respondedAt) })}）</span> : null}
              </Descriptions.Item>
              <Descriptions.Item label={t('req.resolveDue')}>
                {r.resolveDue}
                <ProvisionalTag show={r.dueProvisional} />{' '}
                {r.resolvedAt ? <span className="qh-muted">（{t('req.doneAt', { at: dateTime(r.resolvedAt) })}）</span> : null}
              </Descriptions.Item>
              <Descriptions.Item label={t('req.closedAt')}>{dateTime(r.closedAt)}</Descriptions.Item>
              <Descriptions.Item label={t('req.callback')}>
                {r.callback
                  ? `${dateTime(r.callback.at)} · ${r.callback.reached ? t('req.callback.yes') : t('req.callback.no')} · ${r.callback.note}`
                  : s === 'closed'
                    ? t('req.callbackPending')
                    : t('common.none')}
              </Descriptions.Item>
              <Descriptions.Item label={t('req.rating')} span={2}>
                {r.rating ? (
                  <Flex gap="small" wrap align="center">
                    <Tag className={r.rating.level >= 4 ? 'qh-tag-bad' : 'qh-tag-ok'}>{r.rating.label}</Tag>
                    <span>{r.rating.comment}</span>
                    {r.rating.excluded ? <Tag>{t('req.ratingExcluded')}</Tag> : null}
                    {r.rating.level >= 4 && can('rating.handle') && !r.rating.excluded ? (
                      <Button size="small" onClick={() => setSpec(appealSpec(t, r.rating!.id))}>
                        {t('sat.appeal')}
                      </Button>
                    ) : null}
                  </Flex>
                ) : (
                  t('req.notRated')
                )}
              </Descriptions.Item>
            </Descriptions>
          </Card>
          {r.attachments ? (
            <Card style={{ marginTop: 16 }}>
              <Flex justify="space-between" align="center" wrap gap="small">
                <SectionTitle>{t('req.attachments')}</SectionTitle>
                {handle && s !== 'closed' ? (
                  <Upload
                    accept="image/jpeg,image/png,image/webp,application/pdf"
                    showUploadList={false}
                    beforeUpload={(file) => {
                      void upload(file);
                      return false;
                    }}
                  >
                    <Button icon={<UploadOutlined aria-hidden />} loading={uploading}>
                      {t('req.addAttachment')}
                    </Button>
                  </Upload>
                ) : null}
              </Flex>
              {r.attachments.length ? (
                <ul style={{ paddingLeft: 20, margin: 0 }}>
                  {r.attachments.map((a) => (
                    <li key={a.id}>
                      <PaperClipOutlined aria-hidden /> <a href={requestsApi.attachment.path({ params: { id: r.id, attachmentId: a.id } })}>{a.name}</a>{' '}
                      <span className="qh-muted">
                        {fileSize(a.size)} · {labelOf(t, 'req.source', a.source)} · {dateTime(a.uploadedAt)}
                      </span>
                    </li>
                  ))}
                </ul>
              ) : (
                <Typography.Text className="qh-muted">{t('req.noAttachments')}</Typography.Text>
              )}
            </Card>
          ) : null}
        </Col>
        <Col xs={24} xl={10}>
          <Card>
            <SectionTitle>{t('req.timeline')}</SectionTitle>
            <Timeline
              className="qh-req-timeline"
              items={r.events.map((e) => ({
                key: e.version,
                color:
                  e.kind === 'return' || e.kind === 'supervise' || e.kind === 'escalate'
                    ? 'red'
                    : e.kind === 'resolve' || e.kind === 'close'
                      ? 'green'
                      : 'blue',
                content: (
                  <div>
                    <div>
                      <strong>{labelOf(t, 'req.event', e.kind)}</strong>
                      {e.targetOrgName ? <> → {e.targetOrgName}</> : null}
                      {!e.public ? <Tag style={{ marginLeft: 8 }}>{t('req.internal')}</Tag> : null}
                    </div>
                    <div className="qh-muted">
                      {dateTime(e.at)}
                      {e.actorName ? ` · ${e.actorName}` : ''}
                      {e.orgName && !e.actorName?.startsWith(e.orgName) ? ` · ${e.orgName}` : ''}
                    </div>
                    {e.note ? <div className="qh-req-desc">{e.note}</div> : null}
                  </div>
                ),
              }))}
            />
          </Card>
        </Col>
      </Row>
      {spec ? (
        <ActionModal
          spec={spec}
          onClose={() => setSpec(null)}
          onDone={() => {
            setSpec(null);
            reload();
          }}
        />
      ) : null}
    </>
  );
}
