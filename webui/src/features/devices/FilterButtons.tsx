import { Button, Flex } from 'antd';
import type { FilterDropdownProps } from 'antd/es/table/interface';
import { useTranslation } from 'react-i18next';

/** A column filter's Reset (clears and applies) and Filter (applies) buttons. */
export function FilterButtons({
  column,
  empty,
  confirm,
  clearFilters,
}: Pick<FilterDropdownProps, 'confirm' | 'clearFilters'> & { column: string; empty: boolean }) {
  const { t } = useTranslation();
  return (
    <Flex justify="space-between">
      <Button
        size="small"
        type="link"
        disabled={empty}
        onClick={() => {
          clearFilters?.();
          confirm();
        }}
        data-testid={`filter-${column}-reset`}
      >
        {t('devices.filter.reset')}
      </Button>
      <Button size="small" type="primary" onClick={() => confirm()} data-testid={`filter-${column}-apply`}>
        {t('devices.filter.apply')}
      </Button>
    </Flex>
  );
}
