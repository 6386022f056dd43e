import { useEffect, useMemo, useRef, useState } from 'react';
import { useT } from '../../prefs';
import { Alert, Button, type FieldBinding } from '../ui';
import { loadPortalRegions, type PortalRegion } from './portal-regions';
import './portal.css';

/**
 * District → street → community, three native selects (the phone's own picker) bound to the field of the chosen code;
 * the first select takes the field's id, which its label names. The community may be left open when the citizen knows
 * only the street. The region list is fetched when the picker comes near the screen or is touched.
 */
export function CommunityPicker({ field }: { field: FieldBinding<string> }) {
  const { id, value } = field;
  const invalid = Boolean(field.error);
  const describedBy = field.error ? field.helpId : undefined;
  const t = useT();
  const box = useRef<HTMLDivElement>(null);
  const [regions, setRegions] = useState<PortalRegion[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [tick, setTick] = useState(0);
  const [district, setDistrict] = useState<string | undefined>();
  const [street, setStreet] = useState<string | undefined>();
  const [community, setCommunity] = useState<string | undefined>();

  // The region list is large (about 50 KB compressed): fetched when the citizen turns to the picker, not with the form.
  const [wanted, setWanted] = useState(Boolean(value));
  useEffect(() => {
    if (value) setWanted(true);
  }, [value]);
  useEffect(() => {
    const el = box.current;
    if (wanted || !el || typeof IntersectionObserver === 'undefined') return;
    const seen = new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && setWanted(true), { rootMargin: '400px 0px' });
    seen.observe(el);
    return () => seen.disconnect();
  }, [wanted]);

  useEffect(() => {
    if (!wanted) return;
    let live = true;
    setError(null);
    loadPortalRegions()
      .then((r) => live && setRegions(r))
      .catch((e: unknown) => live && setError(e));
    return () => {
      live = false;
    };
  }, [tick, wanted]);
  // A list that failed offline is fetched again when the network returns.
  useEffect(() => {
    if (!error) return;
    const again = () => setTick((n) => n + 1);
    window.addEventListener('online', again);
    return () => window.removeEventListener('online', again);
  }, [error]);

  const byParent = useMemo(() => {
    const m = new Map<string, PortalRegion[]>();
    for (const r of regions ?? []) {
      if (!r.parentCode) continue;
      const list = m.get(r.parentCode) ?? [];
      list.push(r);
      m.set(r.parentCode, list);
    }
    return m;
  }, [regions]);

  // A value set from outside (a restored draft, a reset) shows as its district, street and community, once the regions
  // are there; a value this picker reported itself is left alone.
  const emitted = useRef<string | undefined | null>(null);
  const emit = (code: string | undefined) => {
    emitted.current = code;
    field.set(code);
  };
  useEffect(() => {
    if (value === emitted.current) return;
    if (!value) {
      emitted.current = value;
      setDistrict(undefined);
      setStreet(undefined);
      setCommunity(undefined);
      return;
    }
    if (!regions) return;
    emitted.current = value;
    const byCode = new Map(regions.map((r) => [r.code, r]));
    const chosen = byCode.get(value);
    const s = chosen?.level === 'community' ? byCode.get(chosen.parentCode ?? '') : chosen;
    if (!chosen || s?.level !== 'street') return;
    setDistrict(s.parentCode ?? undefined);
    setStreet(s.code);
    setCommunity(chosen.level === 'community' ? chosen.code : undefined);
  }, [regions, value]);

  if (error)
    return (
      <Alert type="error" title={t('portal.requests.regionsFailed')} action={<Button onClick={() => setTick((n) => n + 1)}>{t('common.retry')}</Button>} />
    );

  const city = regions?.find((r) => r.level === 'city')?.code;
  const loading = wanted && !regions;
  const select = (label: string, selected: string | undefined, parent: string | undefined, pick: (code: string | undefined) => void, first = false) => (
    <select
      id={first ? id : undefined}
      className="qh-p-input qh-p-select"
      aria-label={label}
      aria-invalid={invalid && !selected ? true : undefined}
      aria-describedby={describedBy}
      aria-busy={first && loading ? true : undefined}
      disabled={!first && !parent}
      value={selected ?? ''}
      onFocus={first ? () => setWanted(true) : undefined}
      onPointerDown={first ? () => setWanted(true) : undefined}
      onChange={(e) => pick(e.target.value || undefined)}
    >
      <option value="">{first && loading ? t('common.loading') : label}</option>
      {(parent ? (byParent.get(parent) ?? []) : []).map((r) => (
        <option key={r.code} value={r.code}>
          {r.name}
        </option>
      ))}
    </select>
  );

  return (
    <div ref={box} className="qh-portal-picker">
      {select(
        t('portal.requests.district'),
        district,
        city,
        (v) => {
          setDistrict(v);
          setStreet(undefined);
          setCommunity(undefined);
          emit(undefined);
        },
        true,
      )}
      {select(t('portal.requests.street'), street, district, (v) => {
        setStreet(v);
        setCommunity(undefined);
        emit(v);
      })}
      {select(t('portal.requests.community'), community, street, (v) => {
        setCommunity(v);
        emit(v ?? street);
      })}
    </div>
  );
}
