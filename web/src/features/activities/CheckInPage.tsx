import { Alert, Button, Card, Flex, Form, Input } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { errorMessage } from '../../api';
import { activitiesApi } from '../../api/activities';
import { PageTitle } from '../../components/PageTitle';
import { useT } from '../../prefs';

type Controls = { stop: () => void };

/** Phone-friendly check-in: the camera reads the citizen's QR code, or the code is typed. */
export function CheckInPage() {
  const t = useT();
  const [form] = Form.useForm<{ code: string }>();
  const [result, setResult] = useState<{ type: 'success' | 'info' | 'error'; text: string } | null>(null);
  const [scanning, setScanning] = useState(false);
  const [busy, setBusy] = useState(false);
  const video = useRef<HTMLVideoElement>(null);
  const controls = useRef<Controls | null>(null);
  const last = useRef<{ code: string; at: number } | null>(null);

  const submit = async (code: string) => {
    setBusy(true);
    try {
      const r = await activitiesApi.checkIn.call({ body: { code } });
      setResult({ type: r.status === 'already_checked_in' ? 'info' : 'success', text: t(`act.checkIn.${r.status}`, { name: r.personName, n: r.personTimes }) });
      form.resetFields();
    } catch (e) {
      setResult({ type: 'error', text: errorMessage(e) });
    } finally {
      setBusy(false);
    }
  };

  const stop = () => {
    controls.current?.stop();
    controls.current = null;
    setScanning(false);
  };

  const start = async () => {
    setResult(null);
    try {
      const { BrowserQRCodeReader } = await import('@zxing/browser');
      const reader = new BrowserQRCodeReader();
      setScanning(true);
      controls.current = await reader.decodeFromVideoDevice(undefined, video.current!, (res) => {
        if (!res) return;
        const code = res.getText();
        // The same code stays in front of the camera for a while: submit it once.
        if (last.current && last.current.code === code && Date.now() - last.current.at < 5000) return;
        last.current = { code, at: Date.now() };
        void submit(code);
      });
    } catch {
      setScanning(false);
      setResult({ type: 'error', text: t('act.checkIn.cameraFailed') });
    }
  };

  useEffect(() => () => controls.current?.stop(), []);

  return (
    <>
      <PageTitle>{t('act.checkIn.title')}</PageTitle>
      <p className="qh-muted">{t('act.checkIn.hint')}</p>
      <Card size="small" style={{ maxWidth: 480 }}>
        <Flex vertical gap="middle">
          <div style={{ display: scanning ? 'block' : 'none' }}>
            <video ref={video} style={{ width: '100%', borderRadius: 8, background: '#000' }} muted playsInline aria-label={t('act.checkIn.camera')} />
          </div>
          <Button size="large" onClick={scanning ? stop : () => void start()}>
            {scanning ? t('act.checkIn.stopCamera') : t('act.checkIn.camera')}
          </Button>
          <Form form={form} layout="vertical" onFinish={(v) => void submit(v.code)}>
            <Form.Item name="code" label={t('act.checkIn.code')} rules={[{ required: true, message: t('common.required', { field: t('act.checkIn.code') }) }]}>
              <Input size="large" autoComplete="off" autoCapitalize="characters" maxLength={20} style={{ letterSpacing: 2 }} />
            </Form.Item>
            <Button type="primary" size="large" htmlType="submit" loading={busy} block>
              {t('act.checkIn.submit')}
            </Button>
          </Form>
          {result ? <Alert type={result.type} showIcon title={result.text} role="status" /> : null}
        </Flex>
      </Card>
    </>
  );
}
