import { Button, Form, Input, List } from 'antd';
import { useState } from 'react';
import type { Region } from '@contracts/regions';
import { errorMessage } from '../../api';
import { regionsApi } from '../../api/regions';
import { labelOf } from '../../components/labels';
import { useT } from '../../prefs';
import { useClearable } from '../../components/clearable';

/** Search by name, code, full pinyin or initials (jjq → 锦江区); results are buttons that select a region. */
export function RegionSearch({ onPick }: { onPick: (code: string) => void }) {
  const clearable = useClearable();
  const t = useT();
  const [results, setResults] = useState<Region[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const search = async (q: string) => {
    const query = q.trim();
    if (!query) {
      setResults(null);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      setResults((await regionsApi.search.call({ query: { q: query, limit: 20 } })).items);
    } catch (err) {
      setError(errorMessage(err));
      setResults(null);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div style={{ marginBottom: 16 }}>
      <Form layout="vertical" name="region-search" component="div">
        <Form.Item label={t('regions.search')} htmlFor="region-search-q" style={{ marginBottom: 8 }}>
          <Input.Search
            id="region-search-q"
            placeholder={t('regions.searchPlaceholder')}
            enterButton={t('common.search')}
            loading={busy}
            onSearch={(v) => void search(v)}
            allowClear={clearable}
          />
        </Form.Item>
      </Form>
      <div aria-live="polite">
        {error ? <p role="alert">{error}</p> : null}
        {results ? (
          <List
            size="small"
            bordered
            header={<strong>{t('regions.searchResults')}</strong>}
            locale={{ emptyText: t('regions.noResults') }}
            dataSource={results}
            renderItem={(r) => (
              <List.Item>
                <Button type="link" onClick={() => onPick(r.code)} style={{ padding: 0, height: 'auto', whiteSpace: 'normal', textAlign: 'left' }}>
                  {r.name}
                </Button>
                <span className="qh-muted">
                  {labelOf(t, 'regionLevel', r.level)} · {r.code}
                </span>
              </List.Item>
            )}
          />
        ) : null}
      </div>
    </div>
  );
}
