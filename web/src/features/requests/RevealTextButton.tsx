import { Typography } from 'antd';
import type { RevealedText } from '@contracts/requests';
import { requestsApi } from '../../api/requests';
import { RevealDialog } from '../../components/RevealDialog';
import { useT } from '../../prefs';

/** Shows a request's free text with the identifiers in it unmasked, after the user states a purpose (audited on the server). */
export function RevealTextButton({ requestId }: { requestId: number }) {
  const t = useT();
  const section = (label: string, text: string | null) =>
    text ? (
      <>
        <Typography.Title level={5}>{label}</Typography.Title>
        <p className="qh-req-text" style={{ whiteSpace: 'pre-wrap' }}>
          {text}
        </p>
      </>
    ) : null;
  return (
    <RevealDialog<RevealedText>
      label={t('req.revealText')}
      title={t('req.revealTextTitle')}
      formName={`reveal-request-${requestId}`}
      reveal={(purpose) => requestsApi.reveal.call({ params: { id: requestId }, body: { purpose } })}
      render={(value) => (
        <div data-testid="revealed-text">
          {section(t('req.description'), value.description)}
          {section(t('req.reply'), value.reply)}
          {section(t('req.callbackNote'), value.callbackNote)}
          {section(t('req.ratingComment'), value.ratingComment)}
          {value.notes.length > 0 ? (
            <>
              <Typography.Title level={5}>{t('req.stepNotes')}</Typography.Title>
              <ul>
                {value.notes.map((n) => (
                  <li key={n.version} style={{ whiteSpace: 'pre-wrap' }}>
                    {n.note}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </div>
      )}
    />
  );
}
