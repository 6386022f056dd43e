import { CloseOutlined } from '@ant-design/icons';
import { Button, Flex } from 'antd';
import { RegionSelect } from '../../components/RegionSelect';
import { useRegionNames } from '../../components/region-names';
import { useT } from '../../prefs';

type Props = {
  id?: string;
  value?: string[];
  onChange?: (codes: string[]) => void;
  /** Only regions inside this code can be added. */
  within?: string;
  max?: number;
};

/** Several region codes: a search field adds one at a time; each chosen region is a button that removes it. */
export function RegionCodesField({ id, value, onChange, within, max = 30 }: Props) {
  const t = useT();
  const codes = value ?? [];
  const names = useRegionNames(codes);
  return (
    <Flex vertical gap="small">
      <RegionSelect
        id={id}
        value={undefined}
        within={within}
        allowClear={false}
        placeholder={t('benefits.form.regionAdd')}
        onChange={(code) => {
          if (code && !codes.includes(code) && codes.length < max) onChange?.([...codes, code]);
        }}
      />
      {codes.length > 0 ? (
        <Flex wrap gap="small" role="list" aria-label={t('benefits.form.regionsChosen')}>
          {codes.map((c) => (
            <span role="listitem" key={c}>
              <Button
                size="small"
                icon={<CloseOutlined aria-hidden />}
                iconPlacement="end"
                aria-label={t('benefits.form.regionRemove', { name: names[c] ?? c })}
                onClick={() => onChange?.(codes.filter((x) => x !== c))}
              >
                {names[c] ?? c}
              </Button>
            </span>
          ))}
        </Flex>
      ) : null}
    </Flex>
  );
}
