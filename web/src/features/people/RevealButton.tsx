import { peopleApi } from '../../api/people';
import { RevealDialog } from '../../components/RevealDialog';
import { useT } from '../../prefs';

type Field = 'idNumber' | 'phone';
type Props = { personId: number; personName: string; field: Field; compact?: boolean };

/** Shows one personal field in clear after the user states a purpose (audited on the server). */
export function RevealButton({ personId, personName, field, compact = false }: Props) {
  const t = useT();
  const fieldLabel = field === 'idNumber' ? t('person.idNumber') : t('person.phone');
  return (
    <RevealDialog<string | null>
      label={compact ? t('common.view') : t('reveal.button')}
      ariaLabel={t('reveal.buttonLabel', { person: personName, field: fieldLabel })}
      title={`${t('reveal.title', { field: fieldLabel })} · ${personName}`}
      formName={`reveal-${field}-${personId}`}
      reveal={async (purpose) => (await peopleApi.reveal.call({ params: { id: personId }, body: { field, purpose } })).value}
      render={(value) => (
        <>
          <p style={{ marginBottom: 8 }}>{t('reveal.value', { field: fieldLabel })}</p>
          <output className="qh-reveal-value qh-mono" data-testid="revealed-value">
            {value ?? t('reveal.nothing')}
          </output>
        </>
      )}
    />
  );
}
